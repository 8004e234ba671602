
   x1  =	("s" # c
   )
  日本= !	(	in ) ?	 {for k,v	 in  [for  x in  a[*].b : in  if  a.*.b] :	k =>[for  x in	 é  : var.a.b	]} : { key2: a.*.b,"q"  :a,"q"	=	a[0]	<var.a.b}	>=  var.a.b<=a[0][	data[ for  ]]  /* b */
