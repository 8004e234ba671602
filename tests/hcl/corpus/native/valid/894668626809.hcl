blk {
  x = "a${1 + 2}b"
}
