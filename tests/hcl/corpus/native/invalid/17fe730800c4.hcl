blk {
  x = [for x in y]
}
