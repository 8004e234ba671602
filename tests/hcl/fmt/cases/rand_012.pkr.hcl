  x1=é	 ? -[upper( a[0]) # c
     ] : {
    ü	=(  a	)
}  /* b */
   bb =	<<-EOF
    indented
   ${x}
    line
 EOF
   x1=[
/* b */        ]
  x1= {for k, v in f( [if,in	]	<= if	 ? 1.5	 : a[0], local, for...	):k => data } # t
   ü=  a[*].b
 a =f(
       ) // t
