blk {
  x = 007
}
