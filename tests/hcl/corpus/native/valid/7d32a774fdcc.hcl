v = true + [1]
