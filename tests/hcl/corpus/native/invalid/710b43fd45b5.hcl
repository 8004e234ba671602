blk {
  x = "%{ if true }%{ endfor }"
}
