 bb	= [in  ?  concat(  )	 : (é	!=  b
      ), [ # c
     "s" ?	 f() : var.a.b  ?	 each[ each	] : 1.5	 ?  a.*.b  : x], {k= [	[  for, b, true	], {for k,	v  in 42: k=> var}, [for x  in a[*].b :  a]]	}

    ]
      bb={ (a)=	if,  ü:	{for k, v  in { ü = é, key2	:	in}:	k =>concat(	local,x,x)	}  } >[for x	 in each  !={key2 :	var.a.b,"q"=	var,"q" :  1.5 } :""  ]
