    bb	= <<-EOF
  EOF
   
 ü  =- {		} ? [for x  in upper(  1.5,  b,  for	) : [for x in  a.*.b :if ]]  : [

     a[*].b ] # t
     build	 "l"  "ü" { # o
     日本  =	[for x	 in f(b ||null  /  [a.*.b,  ], [for  x	 in	 var	 ?	 1.5  :  var.a.b : true ] ):	data%x]  /* b */
   bb = [for	 x	 in	 upper(  a.*.b  ?	 {for k, v	 in	 a[0]  :k=> var.a.b...}	 : [for x  in  1.5: é],	if	&& a[0][ upper(null )],	({for k,  v	 in  "s"	:  k=>42...  } )) :"s" >=[ a.*.b, data[ é	], null]  if  a[0]  ]
 x1=[
   (upper( !	for,
/* b */  x,
/* b */  concat(

    null ), // c
    
/* b */     )	), ]
    bb  = {
 "q"= [for x  in data :if +  a[*].b	 ? {for  k, v	 in  a[0]:  k =>	if	} :	 a[0]] # c
    (a)  = 1.5,
}
   a	= true  /* b */
 日本= { "q"	:[for  x in  [for x	 in true	 ? if : a  :[ var,	in,]  ] :	{		} ],"q"=  concat( - 1.5  > null  )} // t
  } # c
        日本	=	{for	 k, v  in  {	"q":data,  k:	42,  key2=42 }: k =>  "s"[ local ]}	 ? null  : [for  x in  each ?  true :	 each:[for x in	 true:  var ] ]  ?  upper({for k,  v in  for  : k=>	1.5  }  >=  {
   k	:a[*].b,
    ü	= null # c
   key2= each
}, # c
   [

     f(
     f(), // c
if...  ), # c
    for // c
   ], # c
   f( for...
/* b */     )  >=	a.*.b|| a[*].b )  :  [

	]  ?  a.*.b	 : f()  /* b */
       build	 {
   
   
      bb=local
     ü= f(42, b) // t
 } # c
