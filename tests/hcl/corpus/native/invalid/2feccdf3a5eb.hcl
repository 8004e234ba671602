blk 1 {
 x = 1 }
