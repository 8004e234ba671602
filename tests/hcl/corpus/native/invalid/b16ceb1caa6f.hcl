blk "a" b { x }
