       source "l" {
long_name = b # t
  日本=  <<-EOF
   %{ if a }y%{ endif }  
   line  
  EOF
  ü	= {
  (a)	=  {	(a)  :data,k :[  {ü:	é	} ],"q" =[for  x in b : " sp " ]<="s"[ "" ]} # c
    ü	:[a,  é,  concat(   ) <=  var,],
     k =x,
}
  long_name= concat(
/* b */        )
    } # c
