a= (  var ? each	 : "s"

  )
source {
     x1=[for  x  in  a[0]:[ { k=	null,  k=a[*].b},	data, ] ]!= (  f(
    in,(

     var)  )
    ) // t
  }
        日本 =a[*].b
build	 lab  "ü"	 { # o
  source lab  lab	 { # o
      a = upper( // c
    ) # t

   日本 =	[  {
     (a)	:  a.*.b,
   k =	[	[local,local ]]
  "q"  = [for x	 in each:1.5	 if 1.5][ {key2 :if, "q"	:  a.*.b, (a):a } ]
}, for, é // c
] # t
  }
        /* a
 b */
 } # c
  a= [ ] # t
