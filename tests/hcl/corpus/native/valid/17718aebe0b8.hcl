blk {
  x = ""
}
