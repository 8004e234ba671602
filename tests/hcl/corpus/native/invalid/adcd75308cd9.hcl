blk {
  x = {a 1}
}
