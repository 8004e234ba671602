blk {
  x = "$${x}"
}
