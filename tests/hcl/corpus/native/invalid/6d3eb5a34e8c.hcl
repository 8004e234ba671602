blk "a" "b" {
 x = 1 }
