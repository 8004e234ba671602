a = <<EOF
%{ if true }y%{ endif }
EOF
