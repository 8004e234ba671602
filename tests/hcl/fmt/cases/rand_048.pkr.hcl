   
    // comment
 x1 =- { key2  = a.*.b	/[	],(a) =-	upper(  ),ü =42  ? a[0]	 :	 a + - 42}
    source	 lab  {
     source {
   
  } # c
 long_name	={ "q"	= a[*].b,"q":( ( f( f(), each, null )  )	),key2 :-  ( [  var, a[0]] )  }
    }
   bb  =<<EOF
 ü 日本 
 ${x} 
  EOF
     build	 { # o
        bb={
  "q" = [ ]* if ?	 true  : é[	[for x in	 in  :	a[*].b]],
} // t
    long_name =  ( b	) # t
     blk	 lab  {
 bb  = var	 ?  "s"  :	 data[ 1.5]  <=  [ var.a.b, ] >=[ // c
      

     ]
 x1=	<<EOF
  EOF
   } # c
   
    /* a
 b */
    } # c
