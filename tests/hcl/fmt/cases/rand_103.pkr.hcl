   x1  = [x  ? "s" : x,	][ (a[*].b)][ (  [for x  in "-\n"  :"ü"	]	||	concat(x...  )  ) ] # t
    ü=if  /* b */
      x1	=!  {
} # t
      a  =upper( true,[ (  x # c
 )*  {
}]
      )  /* b */
        bb=!	var.a.b[[for x in  for:"s"	]]  % -var.a.b[{ (a) = in, (a)=local  }] // t
