blk 1 {}
