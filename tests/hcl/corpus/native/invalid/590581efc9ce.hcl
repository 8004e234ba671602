blk a { x }
