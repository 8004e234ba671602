     bb= var
    bb=<<EOF
${x}  
EOF
   
 bb =true ?	 f(
/* b */     { key2	=	a[0],"q" : var.a.b }, upper()>  b[ x ], max(	null *	data, {  "q":  a.*.b }, x),  # c
   )	 : { ü = -! b,ü=	upper(true	+local,max(	a,	true...  )  ),key2	=  { "q"= f()  }	==  " sp txt"}
ü	={
    ü =  [	"s"[!null ],  ]
} // t
