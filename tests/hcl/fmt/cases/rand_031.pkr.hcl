 日本 ={
    key2 =	{for k, v in  true:k =>b...  }[-	a],
  "q" =	[ ] <=[	] # c
}[  {  "q" :data, ü :	a.*.b, key2 :- "$${x}" ?  é : if }]
   
      a  =var
       ü  = if  /* b */
       long_name =  var.a.b # t
ü  =concat([é %  ( a  ),  (( // c
     "" // c
   ) ),  [	{for	 k,	v  in  a.*.b:k	=>a.*.b...  },  [null, // c
 b, // c
 true ],]

      ],"s" )
