       bb=	{
   (a) : max(1.5, data  )	<= {for k, v in  b:	k=>	local} ?	 [for	 x  in x:for]  ?  f( var.a.b,é...)	 : f(	 ) :	 b  ? a[*].b :	 é  <a[*].b
 k  :{k:  [for  x  in  42 :  each	]  },
    ü:	each # c
} // t
