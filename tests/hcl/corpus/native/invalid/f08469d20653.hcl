v = true => [1]
