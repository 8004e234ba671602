blk {
  x = f(1 2)
}
