blk {
  x = "a
b"
}
