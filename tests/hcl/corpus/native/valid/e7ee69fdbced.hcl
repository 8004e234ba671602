v = true - (2)
