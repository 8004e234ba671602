blk {
  x = true
}
