a = 1 # one
bbbb = 2 // two
# alone
c = 3 # three
