blk {
  x = 2E-2
}
