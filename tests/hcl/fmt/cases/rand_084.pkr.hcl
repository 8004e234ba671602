 ü= b[ if ]  /* b */
  source  "ü" { # o
   
     bb = <<EOF
 { [  
  indented  
  EOF
     a= {for  k,	v	 in	 a.*.b||	b  :  k=>upper(b )[[null, "s"] ][ {for  k,  v	 in "$${x} sp ": k	=> data }[  concat(true  )  ]]...  } # t
   }
 # comment
       long_name = [for x in  null :  é if  [for x  in	 max(  true  >=	a,[1.5,  null ] ):	for	]]  /* b */

   
