blk {
  x = 0
}
