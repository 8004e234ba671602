    bb =42 # t
 long_name  =[  ]
     a	=  42 # t
   
   # comment
