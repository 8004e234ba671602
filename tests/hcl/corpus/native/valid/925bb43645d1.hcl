blk "a" "b" {
}
