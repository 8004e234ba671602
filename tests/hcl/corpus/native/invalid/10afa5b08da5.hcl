blk {
  x = ^1
}
