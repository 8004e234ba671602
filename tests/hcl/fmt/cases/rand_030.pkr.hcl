        x1 =<<-EOF
    %{ if a }y%{ endif } 
    line 
 EOF
        bb	=  a.*.b <=  {for k,  v in {key2 ="ü", key2: in, "q"	:  local } +	max( x,a[0] )  : k	=> x	<=x	 ? {(a)	:  f(),k :  "s"  } :	 if ?	 42 :  null}
