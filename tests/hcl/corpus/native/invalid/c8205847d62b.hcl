blk {
  x = $
}
