 a  = [ # c
     [for x in !var :if	],	é,	max(var	), ][  max(  	)  ] // t
