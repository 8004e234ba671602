       x1	=<<EOF
   { [
 EOF
日本  =  a[0] // t
  source "ü" "l" { # o
   ü=	<<EOF
 %{ if a }y%{ endif } 
  EOF
    build "l" {
 ü = {for  k, v  in  - 1.5 ?  a	 : 1.5	== var >  each  :k	=>	in }  /* b */
   
    /* a
 b */
   
    bb=  [
   upper([for	 x in  in:  b]  ? -  local  :  {for	 k,v in for: k=>  b...	}, b, é,

   ),] # t
 } # c
      bb =  <<-EOF
 { [ 
    line  
ü 日本 
 EOF
      日本	=  upper( // c
  	)  /* b */
        bb	= (  a
) ? upper( # c
  a,

     - if	%!	var, 	)	 : [in,	{(a)	={(a)  = each,	(a)	= data,	key2  = each }},	f([for x in if : each ]...),] # t
       日本=	a[0]
   } # c
  x1 =	{
}

