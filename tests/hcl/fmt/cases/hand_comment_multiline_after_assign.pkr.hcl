a = 1 /* x
 y */
bb = 2 # z
