v = true >= -3
