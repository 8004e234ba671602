blk {
  x = [for i, x in [1]: i if x > 0]
}
