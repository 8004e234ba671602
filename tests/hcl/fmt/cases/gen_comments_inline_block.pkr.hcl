a = /* inline */ 1
b = 1 /* after */
c = f(/* arg */ 1)
/* before */ d = 1
