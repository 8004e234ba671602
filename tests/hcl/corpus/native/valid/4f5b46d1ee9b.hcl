blk {
  x = !true
}
