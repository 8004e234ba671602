locals {
    a = {
        b = <<EOF
x
EOF
        c = 1
    }
}
