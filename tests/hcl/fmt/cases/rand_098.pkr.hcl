  日本=-	[ # c
     f(), null,] &&  ! in	&&  "$${x}"[	é  ]  /* b */
      a =  {for	 k,  v	 in	 { ü:[true ? x : data,  [ "s",	é,	a[*].b,],  local  ], (a) = {  k : for,key2  : x,"q": "-"  } == [for	 x  in	 a.*.b	:"s"  if  42 ]  }	:k=> é  }

       日本= upper(   # c
) ?  in ? b : a[*].b	 ?	 {
    ü  =var.a.b # c
} :	 {
     "q"  = a,
    key2  : a
    ü : each,
}  : {for k,v  in data  :k	=>  local }[  42  ?	 if :	 1.5	] +a[*].b ? a[*].b[ var  ]  ?  "s" :	 f( // c
  var.a.b, 1.5...)	 : {for	 k,v in "s"	 ? "" :	 a[0]  :k  => x[	a  ]}  /* b */
      bb  =1.5  /* b */

