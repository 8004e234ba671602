      a =(  a[*].b

 ) # t
      blk "l"  "l"	 { # o
  long_name=	x
     long_name =  { 	}	 ? concat(  upper( a[0], null, a  ),!  a.*.b,42 # c
    )  >=[for  x  in 42[42]	:	1.5 if	 -for	] : a[0]  /* b */
    } # c
        ü = true || max( )
      # comment
 a  =	{
}  /* b */
