# ünïcödé comment
a = <<EOF
  日本語 
EOF
