   
// comment
    a  =  "%{ if x}y%{  endif} sp "
   
   日本= <<-EOF
 line  
  EOF

