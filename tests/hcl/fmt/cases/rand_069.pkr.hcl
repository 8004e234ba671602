        a =	max([ // c
    -  f()	!=each, // c
max()],
   max( {for k,v in data  :	k =>  - a[*].b...},  ! a[*].b	 ? ! local :	 {
 key2 :  a.*.b,
   k : a.*.b # c
    k	= for,
},  [for  x in	 a[0] :  a[*].b]  ? each :	 var  ||  true
/* b */ ) )
      blk {
        a=	upper(  )
 日本  ={
ü	:{		},
  (a) = var  ? [  [for x	 in é :  f()], if[ a[0]], ] : a[	x],
 (a)=[  -  ( var),	b  ],
}  /* b */
 a={
"q" : {for k,v in true  : k =>	!var.a.b}
}	*upper(  ) # t
}
       ü= [
/* b */   a[0], ]  /* b */
     source	 "l"	 { # o
   x1 = -local  /* b */
        ü =[  "s"
/* b */   ]  /* b */
        bb =	[for x in [ ]&&{(a) :a  } *	42[ in	][{ "q":true, key2  :if, key2  :data	}  ] :	{ (a) :	true} ?	 [ [ 42,	each ],[42, in, 1.5  ]  ] :	 f( 42[  "txtü"],[for x  in  1.5 : if if data ] )] # t
        x1 ={
} ? each  :  b // t
 blk {
 /* a
 b */
 source {
      bb =<<EOF
{ [
    %{ if a }y%{ endif }  
{ [ 
  EOF
   日本 =  in // t
    } # c
      blk "ü" lab  {
       /* a
 b */
   /* a
 b */
       bb  = data >= max( // c
{
   "q" ="",
ü = a.*.b # c
},(  null	),  )  ?  null : "s"  ?	 ""  :	 42 ?	 data|| f() : x ? a[*].b  :  "s" // t
    bb= [for x	 in  ![ upper(	a.*.b  ),	é ]  : each ? a :	 [for x in	 -local : [for  x in	 é : true  if data]] ] // t
       /* a
 b */
 } # c
 /* block */
 # comment
   } # c
    } # c
      ü	=  <<EOF
    %{ if a }y%{ endif }
   ${x} 
 %{ if a }y%{ endif }
 EOF
     bb	= [for x in  42  :data	] // t
