long_name= <<EOF
 ü 日本  
  EOF

        ü =  {for	 k,  v in	 [ {for k, v in in :	k =>  null }, a[*].b *	"$${x}txt", !  b, ]:  k=>[for x in f(	x )  : in  if upper( each, a[0], if	)]  } ? for  == 1.5  :  [	-	local[var]]  /* b */
   
