source lab  {
   
 }
       x1  = [  {for  k, v in	 max(  ): k=>a.*.b}
 ]
    build  "l"	 { # o
 long_name  = !true ?  ("s"	)  :  concat(	"$${x}"  )	!= !  é  ?	 data  :  true ? {for  k,v in a==	1.5 :  k => max( a[*].b)	}[local	!= null[ var[ 1.5] ]]  :	 a[*].b  /* b */
       x1=	a[0] # t
       # comment
    /* a
 b */
 // comment
  } # c
x1=each // t
     /* a
 b */
