        long_name	= [	(  for), f( # c
      {
     (a)	=(	42 )
},
/* b */ -data >= for,  ), f()	]  /* b */
     日本 = {for k, v  in  {for	 k,v	 in	 a[0] ==  var.a.b: k  =>data}  != [for	 x in var <=a[0]  :  [for x	 in  var.a.b  : var.a.b ] ] :  k  =>[ [ ],  !data  ? "s" :  in, ] } // t
  build  {
       ü =data
   ü = [for  x	 in	 b	: for  ]
     long_name =	é[ {for  k, v in  upper( a.*.b,[]...):	k  =>	[for	 x in  b  <= null:{} ]  }  ] # t
     /* a
 b */
 /* block */
 } # c
   x1  = - local  ? (
   a[0]	 ?	 var.a.b  : "s"
/* b */ )	 : [for x  in {"q"=	"s", "q" =	a, key2  : a[*].b}:a if true  ] # t
