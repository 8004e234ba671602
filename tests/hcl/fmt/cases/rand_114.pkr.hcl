     x1  =	{	ü :  true,ü=!	x,ü:var	} // t
ü  =x  /* b */
