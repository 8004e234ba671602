   source {
        日本=local
        x1	=  ( ! {
 k	:	var.a.b[ 42  ] # c
}
  ) # t
 a=[ // c
 
  ][  [	f( "s"),42 ? ! local	 :  in,a[0],]  ]

 }
   

 long_name  = f() // t

