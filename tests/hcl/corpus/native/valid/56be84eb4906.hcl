blk "a" {
}
