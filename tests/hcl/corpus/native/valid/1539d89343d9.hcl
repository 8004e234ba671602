blk {
  x = {}
}
