blk {
  x = "\u12"
}
