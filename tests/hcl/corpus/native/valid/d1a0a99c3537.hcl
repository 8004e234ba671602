blk {
  x = {for k, v in {a = 1}: v => k...}
}
