        /* block */
     x1 = {for	 k, v  in concat( "s",[for x in local :a[*].b ] ) :	k=>a.*.b}<-{for  k,	v in	 {for	 k,v in 42  :	k =>	true }	:k	=>f() ?  42 : f() } // t

