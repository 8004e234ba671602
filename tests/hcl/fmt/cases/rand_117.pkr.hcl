        blk  lab	 { # o
 // comment
    a = [   ] // t
 日本 = f(each	 ?	 [	
] :  ({ (a) = in	}
      ),f(var,f( concat(  

    ), // c
  ) ),""...)
 bb  =	x  /* b */
} # c
