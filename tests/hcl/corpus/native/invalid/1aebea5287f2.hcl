blk {
  x = "%{ endif }"
}
