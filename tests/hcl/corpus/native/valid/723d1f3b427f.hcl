blk = { x = 1 }
