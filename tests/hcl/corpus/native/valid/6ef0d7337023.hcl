v = true || (2)
