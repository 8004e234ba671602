blk {
  x = -
}
