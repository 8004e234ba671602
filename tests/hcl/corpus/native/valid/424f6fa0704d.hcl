v = true >= (2)
