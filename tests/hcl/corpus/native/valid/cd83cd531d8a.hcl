blk "a" {}
