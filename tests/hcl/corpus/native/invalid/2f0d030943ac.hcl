blk {
  x = "%{ else }"
}
