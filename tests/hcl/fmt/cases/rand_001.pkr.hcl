    source  "ü"	 { # o
     source  "ü"	 "l" {
      日本 ="s"  ?  ( {for k,v	 in var.a.b[in  ] :  k	=>[	a[0] ] }

     )	 :	 !	!  a.*.b
    long_name= (  {
} ) // t
       long_name=-{
   k=[null["s"	], 1.5] # c
   k =[  a ? true : local,[ x,	a[*].b	], ] # c
  ü: {for k,v  in	 in	:k=> null	} >=	local
} // t
}
x1=	1.5
     bb  =f()  /* b */


 }

