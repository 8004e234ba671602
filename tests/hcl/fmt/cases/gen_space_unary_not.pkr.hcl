a = !var.x
b = !(a && b)
c = a && !b
d = !!x
