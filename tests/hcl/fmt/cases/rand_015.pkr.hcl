        a  =  !	(	upper(

     	)	)  /* b */
 /* a
 b */

