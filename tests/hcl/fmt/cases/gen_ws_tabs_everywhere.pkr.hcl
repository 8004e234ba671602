block	"x"	{
	a	=	1
		bb	= [
			1,
		]
}
