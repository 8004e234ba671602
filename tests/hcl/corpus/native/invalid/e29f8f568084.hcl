blk "a" "b" { x }
