v = true > (2)
