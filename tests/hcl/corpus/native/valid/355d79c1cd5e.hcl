blk = {
 x = 1 }
