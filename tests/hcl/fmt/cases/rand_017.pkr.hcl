     a	=b
x1	={
     (a)	=	true- true,
     (a) = each[var.a.b ],
     k=	{  }
}%data // t
  /* a
 b */
        /* block */
 a =	in # t
    a  =a[0] // t
