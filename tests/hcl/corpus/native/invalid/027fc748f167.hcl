blk  {
 x = 1 }
