blk {
  x = a.
}
