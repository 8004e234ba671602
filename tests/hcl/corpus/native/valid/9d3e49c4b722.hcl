blk "a" "b" {}
