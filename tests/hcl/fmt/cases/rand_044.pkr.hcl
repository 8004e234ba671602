ü =if
     x1= {for	 k, v in x :k=> in}  /* b */
       // comment
 x1 =f(
    for,
( a.*.b ?	 f() :	 ""
  ),
{
  (a) :  f(),
k  =  [for,	a[0],	var.a.b,	],
 ü :  f(  é )
}	) ||[ // c
      "" ? b	 :	 a < f( ),	{  },	max( # c
  )
  ]
