a = <<EOF
start ${
var.x
} end
   kept
EOF
bb = 2
