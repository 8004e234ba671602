   
     日本	= var // t
      日本= -  {  "q" = if	}  /* b */
  ü =  f(  ! var.a.b,for,[	-b	/{  "q": var.a.b},	[  # c
      ],	(1.5 !=  if
/* b */      ) ],	) # t
bb =a // t
        ü =a.*.b # t
