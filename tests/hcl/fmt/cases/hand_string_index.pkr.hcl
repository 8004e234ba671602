a = "x"[0]
b = true[0]
c = f(x)[0]
d = [1][0]
e = {a=1}.a
f = foo[*][0]
