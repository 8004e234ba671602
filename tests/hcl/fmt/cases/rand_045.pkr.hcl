     bb	={
}
        blk lab  lab {
 x1  =	local[	var ]
 long_name  = {  	}
        long_name =  !in // t
    } # c
  blk lab	 lab	 { # o
    日本 = f() # t
/* block */

}
  ü= {
}
