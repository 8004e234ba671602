blk {
  x = {a = 1}["a"]
}
