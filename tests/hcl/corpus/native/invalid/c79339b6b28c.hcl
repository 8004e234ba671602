blk {
  x = "${a:b}"
}
