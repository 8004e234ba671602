  blk { # o
        long_name=-  é // t
        x1 = {
} # t
build { # o
     build "ü" "ü"	 { # o
a={(a) =	null <= a != f() ? if	 : each <  [	]}  /* b */
// comment
 }

 }
 日本=(  [for	 x in (  each  ):	f() ]) # t
      bb =[
/* b */       ]  /* b */
       a=-{for k,v	 in upper(a, [ "s" ], (for)...  )  :k=>  "s"* 42 ? data :  concat( ) }  /* b */
 } # c
      build	 {
     bb  = a[0]
x1 = [ // c
    for,	for,	[
     [for x in	 "ü sp -"  <=x:  [ 	] if [for	 x in  é  : in]	],  f(    ),  true[	"$${x} sp "]+ -local]	] # t
   x1 = if <"--" > 42 ?  42 :  "ü sp "*  if	!= upper(  )  /* b */
       build "l"  "l" { # o
      x1=  {
} # t
    日本= <<-EOF
 ü 日本  
  EOF
    source lab  "ü" { # o
        // comment
  }
 ü={
   "q"=	[for	 x	 in "s"  :	null]  ?  for  : var
     "q" =  [],
key2:	( -var ) # c
}	 ? [ var.a.b, data, a[0] ]	>	[" sp  sp  sp ", for, var.a.b # c
     ]  ?	 -  each[	data] : [for x in	 a.*.b[  for  ] :data[ é]] :	 {	 }  /* b */
        bb	=a[0]
 }
        bb  =[for  x in {  k :a[0],	(a)  = null }	 ?  a[0]  : f(	for	): [ concat( a.*.b	),data,[  ]	]	]<=[ (
   [	1.5 ] ),	] // t
  } # c
  long_name={
}
      a = [  max({key2 : var.a.b  }, upper([  local,], in * if, b)
/* b */    ),[! x ?  for  :  a[*].b,
/* b */ ],a.*.b

      ]  /* b */
        a = <<EOF
${x}  
 EOF
   
