        x1= upper(upper(true[	null ],
   1.5, 
/* b */     ),	a[*].b==local +{(a)  :  x}
 )+ null // t
    long_name	= true[{for k,  v  in [for	 x in	 for :42]	:k=>  a[0]  !=  null... }][ [for	 x in var  : { }]] # t
   blk "ü" { # o
  日本 =true  /* b */
     bb = a  ?  (
/* b */    f()	 ?	 true : data) :	 {
   "q"=  [for x in  each :	1.5 if true ],
(a)	:a.*.b- null # c
}[ ("")[{for k,	v	 in ""	: k =>  local  } ]  ?	 [for x in true  : local if 42 ] * [   ]	 :  {k : {	"q":	a, "q" =é, k: b}}  ]  /* b */
  source  "l" { # o
 a=	( // c
    null)
}
    long_name =( f( [

null,	var ],	a.*.b
/* b */   ) ? {for  k,v in "s"  :k	=> true  &&	" sp -"...} : [
/* b */  1.5,  ]

)
   } # c
        日本 = local  /* b */
   x1 =	a // t
   bb=42- 1.5
