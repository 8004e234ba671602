blk {
  x = `s`
}
