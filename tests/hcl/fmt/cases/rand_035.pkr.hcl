  ü= [for x in upper([for x in  concat() : f(for, local, x	)],  [	!each, in[each	] ]) :[" sp üü",  1.5 ||- var.a.b,  f( ) &&each[a[*].b],]  if	 var	<=  if]
 a=	a[*].b # t
