a = 1 # trailing
