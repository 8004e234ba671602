      long_name =  <<-EOF
 ${x}  
      indented 
    ü 日本  
  EOF
 build "l" { # o
   // comment
        blk	 lab {
  bb=  {
     (a):  -a[*].b&&	!a[*].b  ? 42 : in,
} // t

   long_name	={	key2  : -a[  b <"s"][  [for  x	 in  -	a[*].b:  concat(	a.*.b, a[0], 42)  ]],(a) :  a,k: a[*].b  }
      source	 lab	 {
 bb=  b
   x1  =!{for	 k,	v  in	 var.a.b: k  =>[for x in if  :	[		]]...}
    }
 source { # o
a = -data["txt\n" ? - each	 : { (a):  data,key2  =each,(a):  var } ]
        a =	! a // t
  } # c
    } # c


        a=  ! [ // c
   [ é]|| ( a.*.b
/* b */      ),
      a,
      { k : {  },	k  : data,	"q"  :{(a)  =a,(a):var.a.b }} ] // t
        a =	local
    } # c
