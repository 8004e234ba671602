      ü=	for // t
