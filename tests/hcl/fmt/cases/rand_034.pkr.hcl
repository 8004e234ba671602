       ü =a >	{
     ü  :	1.5
   ü= in
}[upper(	  )]%  [ (	if), (
 a.*.b ? a  :	 42

      ), [ "$${x}txttxt"-data,	if  ],  ] // t

        build	 "ü"	 {
    # comment

   } # c
