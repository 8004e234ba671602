blk "a" 1 {
 x = 1 }
