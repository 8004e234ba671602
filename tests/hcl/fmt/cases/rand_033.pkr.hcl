       a	= ([  concat( ( 42

      ),	b,	x[ data] )  ])
