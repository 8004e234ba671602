blk {
  x = +
}
