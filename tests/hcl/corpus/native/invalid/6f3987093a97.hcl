blk {
  x = 1 +
}
