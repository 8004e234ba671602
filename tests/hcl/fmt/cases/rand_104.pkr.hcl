   
build lab lab {
    x1 ={
}  &&a.*.b  ==  f(	 ) # t
 } # c
build  {
      long_name =	{
     ü = { } ?  [ ][  !	1.5  ]	 :	 ["",  42,  x	]  ?	 f( for, null, f() )  :	 null ? 1.5 : ""
    key2  ={for k,  v in (local) :  k=>{}	}	%	f(    ),
    key2 =	"s"
}
    }
        long_name = [ upper( in ?	 true	 :	 "" * -	a // c
    ), upper( )  ] # t
