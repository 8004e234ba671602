v = true => (2)
