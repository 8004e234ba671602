v = true < [1]
