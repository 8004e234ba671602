blk 1 { x }
