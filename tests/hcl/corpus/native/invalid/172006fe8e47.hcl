blk {
  x = "%{ if true }x"
}
