blk {
  x = ~1
}
