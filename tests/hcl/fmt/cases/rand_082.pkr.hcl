  日本 = <<-EOF
    ${x} 
 EOF
        日本=	if  /* b */
   
   日本	=<<-EOF
EOF
