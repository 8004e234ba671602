       long_name =  if // t
  x1	=in // t
     source "l"  lab { # o
   
 } # c
       ü =b
