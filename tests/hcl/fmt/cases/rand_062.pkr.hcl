       日本 = x	||	var	/  [for x in null :true ]  ?  b  ? 1.5 : var : true  /* b */
   
        bb =  [ // c
  {   }] // t
 source	 "l" "ü"	 {
      /* a
 b */
   
  bb = max("s",  [for x in { }==in  : upper(  (  "s"),{"q"	: var.a.b,key2  =  true  },data  +  42 ) ]...

   ) // t
        a ={for k,v in	 concat( "s"	 ? b	 :	 null):k =>[ ]...	} -  [
] // t
  } # c
