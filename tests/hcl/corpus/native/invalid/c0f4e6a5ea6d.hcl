blk {
  x = "%{ for x in [1] }%{ else }%{ endfor }"
}
