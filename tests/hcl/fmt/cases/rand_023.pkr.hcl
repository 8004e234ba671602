     source "ü" { # o
  long_name =<<-EOF
  ü 日本
   ${x}
EOF
        bb = [ # c
    [ ( // c
     {
key2 :  a.*.b,
}	), // c
 data, // c
 upper( {for	 k, v  in  true  :k =>true  }  ) ],  in,  ]
 build  lab { # o
       bb	=b  - (	upper( "-",each... ))  >= {  } # t
   } # c
      bb =concat( true

) // t
bb=<<-EOF
   { [
   line  
EOF
}
      long_name  =	a.*.b

     source	 "l"  "ü"	 {
   a  =  <<-EOF
   { [  
    indented 
   %{ if a }y%{ endif }
  EOF
       ü= !"%{if in>=  x	}y%{ endif}${ [  ] }${  in  }" # t
   ü =[	a[0], {  }, {for k,v  in {		}  :k=>f(é,	42) }]- [data, 42  ? var.a.b	 : null, {for k,	v  in local :  k=>in	}	] <=	1.5 // t
   
   // comment
   }
    bb	=x  ? [for x in [for  x  in  [  ] :"s" ]: ( a[0]  ) ]  : {for	 k,  v  in  f()	 ?	 x[	é  ] : [for x  in data:x]:  k=>	concat({	k = local	} )	} # t
