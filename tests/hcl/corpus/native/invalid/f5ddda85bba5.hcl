blk {
  x = a[]
}
