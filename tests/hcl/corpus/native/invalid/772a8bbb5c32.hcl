v = true = (2)
