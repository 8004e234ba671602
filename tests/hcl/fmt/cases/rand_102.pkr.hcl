   
        x1 =<<-EOF
  { [  
  { [
   ü 日本  
 EOF
     x1 =concat( // c
      42 ? - data < 1.5	 :	 - {
}, # c
  in ) // t
