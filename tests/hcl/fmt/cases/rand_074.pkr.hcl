  ü=! [		]
source lab	 { # o
        source  lab	 "l" {
 ü = (concat( )  ) // t
       x1  = b # t
   
      bb	={k  =	a.*.b }  /* b */
  ü=  {
   key2	=	[[local  &&null,]  ]
    k =  upper(	a[0],	[ ],	! { k	:x,	k  ="s" }  ) # c
}
  bb=true # t
  }
        long_name=[for x	 in  a[*].b	:	"$${x}\n">  -{for  k,  v in data:	k=>	a	}  ]
  }

 a  = {
 ü: { "q" : !	data } * a[0]
"q":data>= f() # c
}
