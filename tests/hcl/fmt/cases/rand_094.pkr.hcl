  日本	= {
 k  :	a,
"q"= each
  k	=a.*.b,
}
 build  "l" "ü" {
  long_name= b  /* b */
   }
        bb  = f() // t
