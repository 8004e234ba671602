blk {
  x = 1e3
}
