blk {
  x = a.*.*
}
