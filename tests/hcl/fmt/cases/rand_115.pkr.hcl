   /* a
 b */
        bb	= var.a.b
    x1	=  ( [ ]	)
        x1=true // t
        a =  (	(for  ))
   long_name=concat(  upper( // c
   upper(

     each, )...) || {
}, # c
     f(	 ), # c
     concat( {for  k, v  in	 {k  =	a.*.b,  ü : var  }: k=>true	},  ),    )
