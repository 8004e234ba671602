blk {
  x = [,]
}
