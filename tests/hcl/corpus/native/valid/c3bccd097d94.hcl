v = true <= (2)
