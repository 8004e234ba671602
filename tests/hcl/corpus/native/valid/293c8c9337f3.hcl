v = true + (2)
