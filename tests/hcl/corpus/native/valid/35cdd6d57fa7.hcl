blk {
  x = "%{ if true }y%{ else }n%{ endif }"
}
