blk {
  x = "\q"
}
