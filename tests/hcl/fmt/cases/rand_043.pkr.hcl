   bb = ( a
  ) # t
 日本= <<EOF
 line 
     indented  
 ${x} 
EOF
