a = [
<<EOF
one
EOF
,
<<EOF
two
EOF
]
