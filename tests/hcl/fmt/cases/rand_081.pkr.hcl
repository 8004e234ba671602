
       x1=each
   
