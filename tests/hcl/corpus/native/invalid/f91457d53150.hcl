blk {
  x = {,}
}
