        a	=	in  /* b */
        blk	 "l" { # o
   long_name=if  /* b */
   日本=a[*].b[(  42 )|| true != ( a ) ]
       bb  =  b # t
  x1	= !true  /* b */
  } # c
        ü=	é  ?  [

      42,  1.5,
     ]<data[a  ] : [
/* b */   # c
   ]	/ max( // c
for <= in,f( if,
/* b */   var,
/* b */   a...  ),"ü",  )[  var	]  /* b */
   
   
     bb  =  f( // c
[  ],{"q" :	a[0]	 ? {  "q" :  in} : [ data ] },f( a, var.a.b, true )/a.*.b[a.*.b ]  ? !  each[ b] : {
     key2 : if
   "q"= 1.5
"q"="\ntxt"
}	>f()  ?  each	 : a[*].b... ) // t
