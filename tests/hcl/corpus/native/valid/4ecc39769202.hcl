blk {
  x = []
}
