       ü =	[ var.a.b,var ? var	 :	 1.5 ?  [for x  in  1.5 :""  ]	 :	 [for x in 42	:  if  ]	][a]
