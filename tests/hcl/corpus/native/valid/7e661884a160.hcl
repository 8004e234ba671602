v = true || -3
