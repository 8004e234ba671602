v = true ? (2)
