blk {
  x = 2 >= 1
}
