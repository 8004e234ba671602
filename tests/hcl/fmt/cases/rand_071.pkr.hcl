        /* a
 b */
        bb =	for # t
        bb  = <<EOF
%{ if a }y%{ endif }  
EOF
   日本 ={ k :max(if  ?  var	 :	 in ) } ? f(  [for x	 in a[0] : 42	 if true ])+ concat( é,	null,	é,   )	||-"ü-"  :  {for  k,v in	 1.5	||b : k  =>data +	var... } %  { ü:  é, (a) = data[  42	]}  /* b */
