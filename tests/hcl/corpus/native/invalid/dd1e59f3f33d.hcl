blk {
  x = a::b
}
