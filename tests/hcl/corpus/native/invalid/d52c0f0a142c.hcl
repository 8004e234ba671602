blk {
  x = f(,)
}
