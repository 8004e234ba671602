blk {
  x = 's'
}
