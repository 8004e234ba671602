   long_name  =[for x in  {   }  : {(a)=  { }, "q"	: ( var  ), ü	= {"q"	=	each	} }>=  [for x  in a[*].b ? a.*.b  : f():x  <=a[*].b	]	] # t
    /* block */

