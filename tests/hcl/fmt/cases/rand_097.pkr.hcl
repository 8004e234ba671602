 bb =a.*.b >= f( {k:max( )},upper(

  ) *  ( "s"
     )
/* b */    ) // t
