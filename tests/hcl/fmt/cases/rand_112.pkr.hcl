   
   bb =  42  /[  var[ x % in] ] # t
  a= é  > f(
/* b */       )	< !f( in -  "ü\n",	{ },	(

42  ),	  ) // t
 a	=  [for  x  in var.a.b	 ? !"s" : é  * in	 ?  "s"  : f() :	((	a[*].b )  ? b	 :  null[  42	]  ) if  { }] // t
     a= <<-EOF
  indented
 { [
      indented
  EOF
        long_name	=  concat( // c
       ) # t
