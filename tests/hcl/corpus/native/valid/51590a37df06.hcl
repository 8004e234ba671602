v = true > -3
