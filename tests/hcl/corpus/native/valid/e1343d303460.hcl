blk {
  x = "a\nb\t\"q\"\\"
}
