   build "l"	 "l" {
      ü= a.*.b # t
  long_name=	1.5  /* b */
       bb  ={"q"= [a[0], -  b ? a.*.b : true,]}  /* b */
}
       blk	 "ü"  "ü"	 {
  blk lab	 {
   
   x1	=  concat( // c
       ) # t
        bb	={for k,	v	 in in  : k =>	x...}
  }
       bb  = 1.5  /* b */
   
     blk {

  }
  } # c
   
