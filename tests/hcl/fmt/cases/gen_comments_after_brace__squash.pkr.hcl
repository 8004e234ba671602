a { # trailing on open
b=1
} # trailing on close
c = [ # list open
1, # one
22, # twenty-two
] # list close
