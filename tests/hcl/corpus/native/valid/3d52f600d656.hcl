v = true && [1]
