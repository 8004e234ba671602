a = jsonencode(<<EOF
{"k": "v"}
EOF
)
b = 1
