blk {
  x = [1 2]
}
