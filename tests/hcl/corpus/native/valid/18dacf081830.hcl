blk {
  x = 1.5e+3
}
