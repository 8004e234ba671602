bb = 2 # x
a = 1 /* y */