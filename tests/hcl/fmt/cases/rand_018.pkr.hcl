    bb=<<-EOF
  indented  
  ü 日本 
  EOF
