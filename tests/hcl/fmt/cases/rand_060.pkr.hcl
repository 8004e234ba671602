  long_name	=	<<EOF
  line
   %{ if a }y%{ endif }  
   ${x} 
EOF
   
       日本  =a[*].b[for]
     日本	=	for[true	]  /* b */
     a = ({for  k,  v	 in	 var.a.b : k=> concat(    )}) # t
