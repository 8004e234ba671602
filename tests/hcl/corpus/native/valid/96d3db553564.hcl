blk {
  x = 1 - -1
}
