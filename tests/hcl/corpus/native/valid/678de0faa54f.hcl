blk {
  x = "s"
}
