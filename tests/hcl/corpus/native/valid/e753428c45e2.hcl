blk {
  x = false
}
