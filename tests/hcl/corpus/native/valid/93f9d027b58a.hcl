blk {
  x = "%%{x}"
}
