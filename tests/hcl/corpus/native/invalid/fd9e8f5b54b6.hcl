blk "a" 1 { x }
