a = foo[*].id
b = foo.*.id
c = foo[*]
d = foo [ * ] . id
e = length(foo[*].bar)
f = a*b
g = foo[*].bar[0]
