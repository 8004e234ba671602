     long_name	=f( # c
     42,

   upper( [for  x  in é :  true], data	 ? null : a,   // c
)[ [for x  in a[0]	 ? each : var :true /true	] ],

   [f(), {
}, [ ]] )
