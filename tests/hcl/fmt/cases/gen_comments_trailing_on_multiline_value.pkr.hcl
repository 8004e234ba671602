a = [ # start
1,
] # end
bb = 1 # x
