 source "l"  lab	 {
  long_name  =max( ! é, a[*].b[true ], é <	é, # c
    
/* b */  ) +  f()-{for	 k,  v  in !true ? !	1.5	 :  "\n$${x}" *	true :k	=>	in!= x- if... } # t
   // comment
    }
    source  "l"	 lab	 { # o
# comment
       bb =	!concat( {for k,v	 in  f( var.a.b):	k =>upper(  local,local,f()...)},

   (  a.*.b // c
     )&&  concat(
/* b */   if ),

   (1.5 # c
   ))
      /* block */
source	 "ü"  {
   
    build {
 x1 = "s" # t
   x1  =[for x in	 if/ f( !	1.5, [true	], {for k,	v in  a :	k=> a[0]}  ) :  [ local,[ concat(	in,  for),data ]	] ] # t
   
   
   }
    }
  }
