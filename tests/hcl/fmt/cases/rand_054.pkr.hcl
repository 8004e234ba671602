   
       # comment
        /* block */
   
