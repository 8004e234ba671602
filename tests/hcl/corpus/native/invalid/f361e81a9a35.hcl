blk {
  x = f(1
}
