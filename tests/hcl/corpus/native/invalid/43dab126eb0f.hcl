blk {
  x = "unterminated
}
