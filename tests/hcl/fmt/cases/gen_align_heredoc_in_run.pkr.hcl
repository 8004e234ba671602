a = 1
bbbbbb = <<EOF
text
EOF
c = 3
dd = 4
