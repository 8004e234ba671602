a = { x = 1 }
bbbbbb = [1, 2]
c = f(1, 2)
