blk {
  x = { a = }
}
