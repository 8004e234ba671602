   
       build "l" { # o
   
   }
     ü =	- a[0] # t
 bb =!	[for	 x in  ! x : for	 if if  ||42  ]%  (  1.5 // c
 ) # t
   
        build  "l" lab  {
  source {
       日本  =  [[for	 x in -local==42:null],	true,	"s", // c
] // t
       blk	 { # o
    日本 =for  /* b */
     x1= if  /* b */
 }
     x1= [	[ {
(a):x,
} ?	 x  <	1.5 :  for,
/* b */     [for x	 in  [each,  é,  each, ] :é[in	] if	 {for	 k,v in  local	: k =>42}],
/* b */     {for k,v  in upper( null,  f()	):k  =>	true...  } ],[	f( )  ],-f( // c
    local[ x ],
true

)] # t
} # c
   build {
    a ={for k,  v in 42	 ?  concat( a[0],a.*.b) :  [for	 x in  f():é if  var.a.b  ]	 ?	 x : var.a.b: k=>"- sp " } # t
  build {
     # comment
/* block */
 long_name=	{
 k  =  [ data,for,[   ]],
     k :	{	k  :  -	data  }[ [ 42, [  each,], upper(	)  ]  ] # c
} # t
 }
        blk {
        日本= {
(a)  =	x ? concat(  data ||" sp $${x}txt",  [	 ],  [ each,é,a.*.b,	]  )  :	 a[*].b	|| f(	 ) # c
}
  # comment
       long_name=	{
     k  :for,
} # t
a= var.a.b ? max( // c
    	)	 : f(  "s",  	)
   }
       日本=	{
    "q" :  [for x in	 "" : [for x in var.a.b	:  "s"  ]  ]
 "q":null	 ?	 a[0]  ? "s" : b	 : upper(	if,a[0]  ),
} ? {
} :	 42  != [for  x  in  [for	 x in in : if ]:[for x in 1.5:	a	]	]
        x1 =  {	"q"  :[ a.*.b, for, "$${x}" ]} // t
 build "ü" "l" {
    x1= - { (a)  :  [ for/ if,	upper(	a[*].b,x  ),	[for x in a[*].b:for ]	],(a)= !  (null  ),key2	:for }  /* b */

       /* a
 b */
 }
} # c
        long_name=  max(	 ) // t
       blk { # o
    ü	= {  key2 =max(  [ [ 1.5, var.a.b, ],	{for  k,	v	 in	 null	: k  =>in}] )} # t
   
   }
       /* a
 b */
       a =<<-EOF
${x} 
   ${x} 
    ü 日本  
EOF
   } # c
