blk {
  x = [for in y: x]
}
