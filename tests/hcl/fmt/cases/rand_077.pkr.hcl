
bb=[  [	b,{(a)	=	in	}, # c
      ],( // c
  {for k,	v  in	 f()  :  k  =>  1.5	} ? {	key2 :  a[*].b,"q":a[*].b }	 :	 [	for,b,]),	] // t

      a  =	var.a.b ? var  : { key2: [ ] ==	upper(  for ),ü=true,key2 =  var.a.b[	a.*.b ]+	{ü =in,key2 :  true}  }  /* b */
