     ü=- {for k,v in in - data	:	k  =>	{for	 k,v in	 b  :	k=>	1.5...	} } +max( # c
42[var.a.b ],	[	  ],	max(	 )) // t

   long_name = [ # c
     {  (a)  = for[é] ==  [	] }	]  /* b */
   
blk "l" "l" { # o
 x1 =  <<EOF
  line 
    %{ if a }y%{ endif }
 ü 日本  
 EOF
       blk	 { # o
    日本  = <<EOF
 line  
EOF
 bb =x  /* b */

  bb =  each # t
     x1  =	<<-EOF
  ü 日本
 EOF
      日本	= "%{if [for	 x  in  true: in  if a[0]]}y%{endif}%{if each }y%{ endif}${f(var.a.b,	var,	" sp txt-")}"[f(	in,	f()>=a[0][ ""]...) ] // t
    } # c
    // comment
a= [for x in a[*].b: var.a.b if upper( a.*.b,null) ? 1.5 :	 (	var	)	== !	"s"[ a.*.b]  ] // t
} # c
   /* a
 b */
