blk {
  x = "${}"
}
