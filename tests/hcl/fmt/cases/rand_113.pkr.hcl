       ü={for k, v in [  ]:k =>  {for k,v in	 [for x in "s"	:42 ] :k=> for  }>= 1.5	} # t
        a=[ // c
   ]
     bb = (  {
   k  = a[*].b!=	a  ? upper( in  ) :	 if
}) # t
