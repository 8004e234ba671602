v = true = [1]
