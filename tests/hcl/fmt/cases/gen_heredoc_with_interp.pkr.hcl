a = <<EOF
value: ${ var.x+1 }
list: %{ for x in var.l }${x} %{ endfor }
EOF
