   
       x1 =	[ {
},	upper(
/* b */     in, if ),	{
 "q":x
} ?	 ! x : [  ] // c
     ]	 ?  [{"q" =b  } ?	 a.*.b  :  var +  var, -	a ?  "s" :	 -	each] : [   ]  /* b */
 日本  =	[	]
    ü	=[for  x in  (	data): ""	 if true ] // t
