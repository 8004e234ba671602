blk "a" 1 {
}
