v = true / (2)
