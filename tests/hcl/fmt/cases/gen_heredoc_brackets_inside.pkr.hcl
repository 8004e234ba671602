a = <<EOF
{ [ ( 
EOF
b = {
c = 1
}
