       ü =concat(  42[  max( {  ü:each  })	],	b,	[
/* b */  { key2	: {for k,v in	 x:k=> f()  },"q"	:	( "s"	),"q"= "--ü" %	in	},  max( // c
f(), # c
   (

     true ), # c
   [for  x  in	 data:in  ]...  ),  !var.a.b  ? if	 : var.a.b] )  /* b */
   
      /* a
 b */
  日本 =  a[*].b # t
 a=<<-EOF
    { [  
 ü 日本
   { [ 
  EOF
