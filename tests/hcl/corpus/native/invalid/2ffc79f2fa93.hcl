blk {
  x = "%{ bogus }"
}
