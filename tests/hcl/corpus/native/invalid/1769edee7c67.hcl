blk "a" 1 {}
