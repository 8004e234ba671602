blk {
  x = {a = {b = 1}}.a.b
}
