v = true ? [1]
