v = true = -3
