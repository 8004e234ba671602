 ü  =	<<EOF
   line 
 ${x}  
${x} 
 EOF
x1  = <<EOF
   indented 
 EOF
  /* a
 b */
   ü= "s" // t
