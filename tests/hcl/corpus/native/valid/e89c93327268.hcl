blk {
  x = !!true
}
