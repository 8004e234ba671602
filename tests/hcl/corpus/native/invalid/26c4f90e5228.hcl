blk {
  x = !
}
