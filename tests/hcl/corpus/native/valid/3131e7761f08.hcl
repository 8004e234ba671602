blk "a" b {
}
