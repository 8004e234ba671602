blk {
  x = @
}
