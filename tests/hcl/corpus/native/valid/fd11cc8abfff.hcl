blk "a" b {}
