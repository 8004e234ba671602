  long_name =	concat( 	) *[ [ // c
 null ],!  var.a.b,f()
/* b */     ]>=  42
   
 ü	= b
     ü=  {for	 k,v	 in  é: k=>null }
   
