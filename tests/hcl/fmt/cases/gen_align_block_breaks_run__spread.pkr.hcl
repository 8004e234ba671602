a    =   1
 bbbbbb    =   2
  inner {
   x    =   1
    yyyyy    =   2
     }
      c    =   3
dd    =   4
