blk {
  x = a::
}
