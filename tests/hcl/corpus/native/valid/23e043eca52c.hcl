blk {
  x = { "k" = 1 }
}
