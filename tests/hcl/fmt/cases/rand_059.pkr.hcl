  /* a
 b */
     ü =	max(	{for	 k,	v  in {	ü:a[*].b} - concat(	a[0],	b,	a[*].b ):k => var})  /* b */

