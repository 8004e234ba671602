     ü  =	upper(  )  /* b */
        日本 =	[
/* b */    ][	[for x  in x	 ?  data	 :	 local : f(  a.*.b,	each,	b	)]  ]	>= !	[
/* b */    42, (var	), each[	a[0]]
/* b */     ] // t
