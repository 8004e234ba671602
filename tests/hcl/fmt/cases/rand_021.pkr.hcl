      bb	= {  (a) : "s", "q" : b[	null ? each  :	 x *  true], (a) :  (-"s"  )} // t
/* a
 b */
