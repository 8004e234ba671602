
       // comment
