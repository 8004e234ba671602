   
      bb =upper( (  x

)  ) # t
   

  a  = upper(

    upper(	 // c
   ), # c
    for	!=  "s", # c
    {
    k =local # c
 k  = var.a.b
}... )  !={
     key2	= a[*].b[ if ]
     (a):"s",
     "q"	:  each	 ?  in : a[*].b
}  <=	![
/* b */ 

   ]  /* b */
