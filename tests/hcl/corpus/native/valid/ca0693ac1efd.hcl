blk  { x = 1 }
