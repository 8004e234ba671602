 ü=  42  -[for	 x	 in x :a[*].b	] ? "s"  : null ?  a : local[ !"s" ?	 a.*.b[each ] : f(for, local ) ] // t
    ü = [  var.a.b, # c
    a	]  /* b */
     x1	=[for	 x in é	==	a[0] ? "s"  :  a.*.b+{for k,v	 in	 x  :k =>  var.a.b...} * ( "s" ) :	{ key2 : [max(	"s", for)]  } if  é[	{ key2	: { key2	= a,  "q"	: a,  "q"  : a[*].b },  k = ( data),  (a):	"s" &&x}	]]
        x1= x // t
        日本  =	( # c
    upper( # c
 local	 ?  each :  a.*.b	<= concat(in,

  var )	) )
     /* block */
