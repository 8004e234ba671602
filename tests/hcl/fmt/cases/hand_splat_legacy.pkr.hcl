a = foo.*.bar
b = foo.*
c = foo[*]
d = foo.* .bar
