blk {
  x = 1
}
