b {
  # comment
  a = 1 // c
}
