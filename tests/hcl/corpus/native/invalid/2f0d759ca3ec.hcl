blk "a" { x }
