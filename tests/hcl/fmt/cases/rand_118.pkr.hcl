    x1=<<-EOF
 ${x}
EOF
