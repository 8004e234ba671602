blk a {
}
