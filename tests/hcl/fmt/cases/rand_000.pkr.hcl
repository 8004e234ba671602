
        build  lab  lab	 { # o
      # comment
  日本 = concat( 42[{for k, v in	 42 :k => in[42	]...}  ],  max(
      

     ),  {k =[{for	 k, v in	 b:k  =>1.5},f()	-	var,var.a.b *	x],key2={for k, v  in (" sp  sp  sp ")  :k=>a[*].b  ? b :  var.a.b... }  } )  /* b */
 a=<<EOF
EOF
   }
        # comment
 blk { # o
       long_name= {
}
   } # c
   
