       long_name = null  ?	 [  {for  k,  v in é	: k=>	a.*.b... }, é[  "\n$${x}"][  !  a.*.b	]]  : [null >"", local	 ?	 each	 :  a[0], [true, var, a ] // c
     ]  /local[  local ]
      // comment
    long_name	=<<EOF
%{ if a }y%{ endif } 
 { [
%{ if a }y%{ endif }  
  EOF
ü = {for  k, v	 in  max(	 )[  a[0]]	:k => f(if )% [1.5, "s"	]... }+	[ 	]
     long_name=	<<-EOF
  EOF
   
