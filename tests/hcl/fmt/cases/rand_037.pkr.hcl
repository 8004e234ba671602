
   
 blk "l"  "ü"	 {
     source  { # o
  ü =	<<EOF
   ${x}  
EOF
   
  blk	 { # o
       x1=f([for x in [	42,	in]  :  ( a.*.b&&é  ) if	 1.5  ],
/* b */  {
  (a)  =	{  ü=	[for	 x	 in	 a.*.b : a[*].b],key2  =  [for	 x	 in "s":  x ],key2 = 42 ?  if :	 data  }
},
/* b */  a.*.b)  /* b */
   } # c
  }
   a="s"	< max([  ],	- a.*.b  <=if...)  /* b */
bb = <<EOF
  indented 
ü 日本
  %{ if a }y%{ endif } 
 EOF
      bb = in // t
 x1 =["${local}${	concat(   ) }", ]
   } # c
  a=a[0] # t

     a	=  {
  "q"  :42,
  (a)  =	{ ü  = 42<=b ? [   ] :	 (	if  ),"q"	:  data,k  :[	  ]} # c
     ü=  ( a.*.b) # c
} # t
