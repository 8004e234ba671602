  source	 {
   long_name = {
  k	: a /  {}[  [ a[*].b  / each ]],
    key2:a # c
}  /* b */
      bb  =	true% {
}[	[ ] ? concat( {for  k,	v in  local: k  =>"s" }... )	 :	 42	/ - ""] # t
   }
     日本 = {for  k,	v in {  } ==  [	[for x in if :"s"  ],in,[for x	 in  a.*.b  : null  if  "s"]] :	k =>	[ max(   ), [  !for,  "s"[ for ],  [a[0],	], ], ]	}  /* b */
