a = 1 # one
bbbbbb = 2 # two
c = 3 // three
