   bb  =  upper( é, # c
     42, # c
     local,
      )	 ?  { "q":x,key2= 42,"q"=null	} : var.a.b&& "$${x}" +	true	>{ü =  each, ü: for} ? {for	 k,v  in upper(	null,!var.a.b,[ 	])  : k=>  each ? [for x  in in:  a[*].b ]  : upper( a[*].b,	each...	)... }  : ! x%true ? [  	] : -  a # t
ü  =  <<-EOF
   { [  
  EOF
       long_name =a[0]  /* b */
  source lab  { # o
        source	 { # o
       ü=upper( a.*.b,
      [for  x in  data &&	for  *{ key2: 42, k: é}:  ( a[*].b ) +each &&	a[*].b ],
      upper(	 )...	)
日本=	[ // c
    ] // t
   bb=	<<-EOF
  ${x}
 %{ if a }y%{ endif }  
  %{ if a }y%{ endif }  
 EOF
}
     /* block */
       source	 "ü"	 "l" { # o
       source { # o
    日本=max( // c
  {for k,	v  in [in,[for x	 in	 var :  null if	 local ],in,  ] : k	=>42 })
  }
 }
  }
