    a=x  /* b */
   
 日本  = upper(  concat(	f()%local,  {ü : 1.5})% {
  k:{for k,v	 in in : k =>  in },
  key2:  [local	],
},  b,  upper( # c
   ) )  /* b */
 日本= <<EOF
 EOF
     x1 =  [  a[0]- 1.5 >=  { "q": if,(a)	= "$${x}ü-"}]==b # t
