      long_name  =  {for	 k, v	 in f():k => {for k,v in if	:k	=>each } ?	 [for x in  data	:x  ]  : data ? var.a.b :  each...}==  a.*.b # t
       日本=[f(  ),  f(	),  [ max( # c
 

),
      a.*.b!= var,
      ][	{ "q": data }],  ]  /* b */
  long_name	= !upper( x  ) # t
        long_name  ={
} // t
