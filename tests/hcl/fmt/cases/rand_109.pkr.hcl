     a=  var.a.b[ x  ]*	[[for x  in	 if	 ?	 in : data  :{  }],	a[*].b /each  &&in,	a,] // t
