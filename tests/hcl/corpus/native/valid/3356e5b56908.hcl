blk {
  x = "%{~ if true ~} x %{~ endif ~}"
}
