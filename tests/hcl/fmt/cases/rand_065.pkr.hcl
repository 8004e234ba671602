x1  =  local
     build {
    日本 = [ [ # c
   "s", // c
   {
 ü=local
} ? var.a.b :	 - 42, // c
   upper(1.5,"-" -	data // c
   ) ], // c
 "-%{if -	for }y%{endif}-"] // t
long_name=  upper(	  )  /* b */
   ü =[  a[*].b, concat(
/* b */      [for	 x in  42 :a[0]], {for  k,v in  var.a.b :k=> null... }, f()>=  true...	)<data	 ?  a	 :  "-" ?	 ""	 :  upper( ),  ] // t
   ü={ ü	=1.5, k :  [42	* x	>= 1.5, [{ (a) =a,(a)	: var}, in  -é, "$${x}txt"[ "-txt$${x}" ] ], [for	 x  in a.*.b:  " sp \n" ? in	 :  "s" ],	]  } // t
   } # c
       long_name=(

   !	for["" ])*	42
   
      a = {
} // t
 build "l"	 "l" {
long_name	= (	-(" sp --" )) ? [for	 x	 in [for  x  in {"q" = local,  ü:var }  :(42)] :var.a.b]	 : true[ 1.5  ?  b	%"s" :	 1.5  ?	 a[0]	 : true  ]
        # comment
    }
