blk {
  x = "\
}
