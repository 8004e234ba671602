blk {
  x = a[*
}
