blk a { x = 1 }
