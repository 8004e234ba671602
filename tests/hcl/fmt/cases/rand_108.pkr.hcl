   
  // comment
   /* block */
