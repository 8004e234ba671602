    source "ü"  {
 source	 "l"	 { # o
       x1	=[for  x in	 f() :  1.5 if -  concat(var,a[0] )[ concat(var,true  )]]
 long_name =  in
   ü = local||"%{if f(a,	null)  }y%{  endif}%{if -local	}y%{  endif}-"  /* b */
 long_name =  var.a.b # t
ü	=<<EOF
  EOF
} # c
      long_name	=	a.*.b  /* b */
   a = é # t
      日本 =(  1.5 )  /* b */
       bb=	(
   concat( {  ü = var,  key2	=  1.5  },
/* b */       [ x,local, # c
   ],
/* b */       {key2	: a.*.b, key2	=  true, k=	in})

    )[a	]
    }
