    bb =  <<-EOF
${x}  
 EOF
       blk lab  { # o
      bb=	{ü  :	max(true, for, data  ), key2	=	{for k, v	 in	 true  ? "s" : in	:  k  =>( each	)...  } }  *	{
}
 }

  blk "ü" "ü" {
  long_name ={key2 = null	 ? data :  each	/ for[ upper(	 ) ],  (a) :{ key2:f( a[*].b,  var,  f())  ==  [  if,	var,	f()], (a)	=  [  [for x in  a[*].b:  data], b ?	 x  : local, var  ]	}	} # t
        /* block */
  ü = <<-EOF
  ü 日本  
EOF
   }
      build "l"  lab {
   日本	={}  /* b */
long_name = upper( in,  f(	42 ? in  : 1.5, 
/* b */       ) )  > [ [ 42  ? "\n" :	 f(), // c
     a, // c
     [for	 x in	 true:f()] // c
    ], if, true&& a[0] &&f(  true,		)
/* b */       ] # t
   
  a=  a // t
        source "ü" lab  {

  }
} # c
