a = foo[0]
b = foo [0]
c = foo . bar
d = foo["k"]
e = foo[0][1]
f = foo.0.bar
g = [1,2][0]
h = (foo)[0]
i = {a=1}["a"]
