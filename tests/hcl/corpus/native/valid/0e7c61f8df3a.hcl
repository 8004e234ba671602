v = true * (2)
