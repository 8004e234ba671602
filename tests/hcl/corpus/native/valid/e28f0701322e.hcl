blk {
  x = "${"nested ${"x"}"}"
}
