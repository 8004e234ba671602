       日本 =	if/	[

   ]	+	(
     true  )  ?	 max(	!	concat( 
/* b */  ))	 : {
  (a):	x
}[ a.*.b  ]
   
    日本 =	upper(a, # c
   "", # c
   (  !	for* "$${x}-")
)
 // comment
