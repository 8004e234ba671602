blk {
  x = true && false || true
}
