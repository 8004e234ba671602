v = true => -3
