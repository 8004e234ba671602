blk {
  x = -1.5
}
