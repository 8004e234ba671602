a = 1+2
	b = 3-4
		c = 5*6
d = 7/8
	e = 9%10
		f = a==b
g = a!=b
	h = a<b
		i = a<=b
j = a>b
	k = a>=b
		l = a&&b
m = a||b
	