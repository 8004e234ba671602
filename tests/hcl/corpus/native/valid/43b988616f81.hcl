blk {
  x = true ? false ? 1 : 2 : 3
}
