 a=	{for	 k,	v in	 [ ]  : k =>a[0]...}	 ?  upper(	for[ !  x]
   )	 : f(
    !1.5==42, 1.5 # c
 )
 build  "ü"	 "ü"  { # o
   
  }
   x1=<<EOF
 ü 日本  
  indented
 EOF

  日本	=  é
     long_name=	local  ? [	  ] : {(a):var,  k  : ( 1.5  )  } ? in :	 {
   ü  =  data
key2 = a[*].b
}[  ( each ) ][ {"q"	=	a.*.b } ?	 true[ a.*.b ]	 :	 42  > "$${x}\n"	]
