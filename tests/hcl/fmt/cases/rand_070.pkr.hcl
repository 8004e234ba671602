        日本 = true[for]  ? f(

      )[concat(  ) ]  :	 [	x	-  a[-  if	], [ a[*].b,
/* b */  for  ]	 ?	 true	 :  a.*.b != "s"]  /* b */
     日本	=<<EOF
   %{ if a }y%{ endif }  
  indented 
  EOF
      build	 { # o
    build { # o
        x1	=<<-EOF
    indented
  EOF
   blk	 "ü"  { # o
     日本=  "s"!=	f( // c
      "",  upper(
    each!=  b,  var.a.b,  if),  f() )
long_name	= local  %  [[
/* b */     for	],(	! local	),{	k : 1.5 ||var.a.b	},
 ]  /* b */
   /* block */
        日本="s" // t
   x1 = upper( // c
     )-(if ) >=é||!  local&&a
x1= if  !={
  key2  =for<=	a[0]|| 1.5==true # c
}  /* b */
    }
bb =	<<-EOF
  EOF
    bb	= for // t
      x1=[ 	][	[for  x  in	 if[	data  ]: upper(	[b, a	],true,a[0])  ]	] # t
 }
  // comment
   }
  blk	 {
        日本	=<<-EOF
  { [  
  EOF
    bb= a


  日本=	b< 1.5 ? 42  :  "s"> -data ?	 42 :  in/ - {
    ü =  a[0] # c
   key2 = - "txt-",
   (a) = a[0],
} // t
       x1=	<<-EOF
   { [ 
 EOF
  }
 ü= (  var )
