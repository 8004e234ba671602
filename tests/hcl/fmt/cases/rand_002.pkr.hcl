      x1=(
 upper( // c
    "ü"&&	a[*].b...)  )	 ? a.*.b  : [for x in	 true &&a[*].b: " sp $${x} sp " ?  for : a	] <= {
  k	= -	""
} # t
        long_name  = {for k,	v in	 {for  k, v in ! max(	1.5,  é)  :k => {	key2 :	for,	key2:	a	&&	a.*.b	}	}  :k	=> [	a[0][	x *b], f(  ) ]	}
 日本=( in
/* b */      ) // t
   build {
 ü= <<EOF
  %{ if a }y%{ endif }
    %{ if a }y%{ endif }
EOF
   
        日本	=a[0]  /* b */
     build "l" "l"  {
  日本=a  /* b */
      build "ü"	 {
       x1  ={for k,  v in { "q": b,  key2	: {ü	= each}} ?	 ( 1.5  ) !=	b	 : [  max(	true, local, é  ),	f() ]: k =>é	}  /* b */
   
     # comment
    }
      ü	=  max(

  [for x	 in  upper({   },for ? if :	 f(),a[*].b): {  ü=null,k :b,"q" =a[0]}[	(  true  )]  if  local],  1.5	)
        日本= [[for	 x	 in ""/a[0][  42  ]: concat(	null...)], // c
  [	[
/* b */       ! local,
/* b */     é, # c
 ],
    {"q"	:	b ? a	 :  if,(a) =	b[ é],"q" :	a[*].b}, ]  ]
   source "l" "ü"	 {
      /* block */
 long_name=	! ( var.a.b) >{for k, v in {  k=a, (a) = data, key2 :	x  }:  k => a  ?  if  :  f()} # t
      a={
}
    a=b	- ( for	&&  var.a.b  ? "s" !=a[*].b :  [
/* b */      for, f() ] )
}
 }
} # c
        blk "l"  { # o
     x1 =a.*.b  /* b */
    long_name  =a[*].b  *(var.a.b

 )
 build	 "l"  "l"	 { # o
     a= upper(  ! a[0]>="s", ! local	/[for  x  in [	var,in] : "s" ||x ], [{
 k	: { },
}, # c
    upper(
    )  ? upper(a.*.b,	data,	null	) :	 max(	b ) ] )  /* b */
source lab  "ü"	 { # o
x1	= <<EOF
    { [ 
%{ if a }y%{ endif }
    line 
 EOF
   bb=[ [for  x	 in [for x	 in (  a[*].b): local[ local]]: "s" ]]
 x1=for
    }
      a  =	é  /* b */
  /* block */
  } # c
     build  "ü"	 lab {
        long_name	=each
   a= [ # c
f(  ), {	}, ]	 ? [  ]	 : !  each
        long_name  = upper( {
}  ) // t
   ü={
   k	:  42 # c
  k= f()
}

   
   }
  }
     日本 =  <<-EOF
 EOF
