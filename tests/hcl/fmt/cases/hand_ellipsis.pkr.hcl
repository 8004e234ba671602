a = f(a, b...)
b = f(a,b ...)
c = {for x in l: x.k => x...}
d = min([1,2]...)
