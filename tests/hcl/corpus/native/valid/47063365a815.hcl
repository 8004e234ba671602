v = true && -3
