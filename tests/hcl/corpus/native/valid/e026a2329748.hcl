v = true < (2)
