      long_name= { "q"  =(  a.*.b),k=	(  !é  ) <= {	"q" :-	local,ü =f(  é )  },key2 =  [	"s" ] }  /* b */
  ü =b !=	[
      ][ ! [  in,b ]][ true]  /* b */
        ü=  {
    k=	a
}
