  long_name=<<-EOF
   indented 
 EOF
      blk  "ü" "ü"	 {
   blk "ü" lab { # o
    a  =f()	 ?	 - (	[for  x	 in b: var.a.b if a[0]  ]
/* b */    ) : f(   )[ b  ?	 null	 : b !={key2  : b, ü =data, ü	: a}	] # t
    日本 =  {for  k,  v in ! ["s",f()	][  -in ]:	k =>	[concat()== f(),  ]}  /* b */
 source lab {
     ü	=  a[*].b  /* b */
 日本	= f(	in ) // t
      # comment
  } # c
 source	 { # o
 /* a
 b */
      /* block */
    bb  =  for
     /* block */
      a=  (
 {for k,	v in	 true[""  ]	 ?  data  * a :  [ for,42,42	]:	k=>a[*].b  } ) # t
       bb ={	} # t
    }
      x1	= true
  long_name=<<-EOF
   line 
ü 日本
ü 日本  
  EOF
    }
   }
