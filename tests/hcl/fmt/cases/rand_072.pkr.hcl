   a=( -  {for	 k,v	 in  ! if: k  => a[*].b} )
    x1 =[
/* b */     a,var.a.b[ ( for!=  null )], ]  /* b */
 long_name	= a.*.b
    ü = [for	 x	 in  local :	é[ a[*].b]	]
   
