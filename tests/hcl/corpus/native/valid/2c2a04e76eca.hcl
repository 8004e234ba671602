blk {
  x = null
}
