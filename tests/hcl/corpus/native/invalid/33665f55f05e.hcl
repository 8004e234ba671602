blk {
  x = "%{ for }%{ endfor }"
}
