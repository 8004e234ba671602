# comment
  build { # o
       // comment
     long_name=  [
/* b */       max(	upper(	é,var.a.b )[  -a[*].b],b	)]
        build { # o
   
    }
 日本	= - { "q"  =["ü", true>=b, { } ], key2 : [ {for k,v	 in é:k =>	var.a.b...	}, {for k,  v in 42	: k=> a },], (a) :	-	for  ? true	 :	 "" } # t
 bb=	upper( {
}, [ !  null,{
 "q":	in # c
}, ]...) ? !  "s" :  [ // c
     ]
   ü= [for x in	 concat( 42  / é,  true,  !  b  ): in][[for x in {"q" :b,ü: each  }:!  a[0]  if for][for +  b ]]
}
