v = true % (2)
