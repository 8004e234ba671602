blk {
  x = 
}
