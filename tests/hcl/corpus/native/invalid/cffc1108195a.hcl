blk = { x }
