blk {
  x = a;
}
