   ü	=	{k:	x	*a	}
   
        /* a
 b */
        a=  <<-EOF
 ${x}  
  indented
   ü 日本  
  EOF
       build lab  "l" { # o
     source  "l"	 "l"	 { # o
   日本  = {
   key2 =f()+ b,
   "q":  var # c
     ü :	[  var.a.b,  var.a.b, ] # c
}  != { k  :[for	 x in if : in	],  "q"= (  "$${x}" )}  >var
} # c
      // comment
    bb= f(a,	)
        a=	for
 } # c
