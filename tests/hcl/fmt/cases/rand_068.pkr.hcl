build	 "ü"  { # o
     日本 =  -	each%a[*].b # t
     /* a
 b */
   blk lab {
   日本=	{
} # t
    日本= é ? [for	 x in	 {(a)  =	é,	k= "s" }:	a.*.b	 if f(  1.5,"txt",for  )] : {for	 k,v	 in  1.5:k =>null }  !=	if ? [ {
 "q":concat( f(), f())
    "q" =	{"q"	=1.5,	k = true} # c
  "q"=data < var
},(  (
  local

      )
    ),]  :	 upper(

   é[1.5  ]	< data ? a[0] :	 "s", [	concat(

 a	), # c
[ // c
    var,	"txt$${x}$${x}" ], # c
{for k,v	 in  local : k=>a[0]	}
/* b */       ], {	k	=é  } ?	 for :  [  a[*].b, // c
    for  ])  /* b */
 # comment
     ü =  var  /[ // c
  data, [ ], {
  ü	: [a[*].b,var.a.b, ],
   (a)	=  !true
    k=a[*].b
}	]
   # comment
  }
   a =<<EOF
   { [
    line
  ü 日本
 EOF
   blk  { # o
   long_name  =a[0]
    long_name	=a.*.b

     source "l" lab	 { # o
     ü= [ // c
     a[0], // c
 {for k,v in a.*.b:k=> concat(   )... }, ]
     a =if # t
} # c
       # comment
 a = !"s" # t
  } # c
}
