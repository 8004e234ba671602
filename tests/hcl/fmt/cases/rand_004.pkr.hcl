   
   long_name =true // t
   
 日本  = [ 1.5,	] # t
        bb=	concat( // c
      )
