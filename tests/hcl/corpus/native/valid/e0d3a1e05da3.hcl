blk  {
}
