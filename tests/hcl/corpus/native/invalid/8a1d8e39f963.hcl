blk {
  x = a.0.1
}
