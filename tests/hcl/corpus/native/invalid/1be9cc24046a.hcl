blk {
  x = "${1"
}
