v = true + -3
