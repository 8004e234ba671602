   日本=  if  /* b */
    /* a
 b */
bb=a.*.b // t
