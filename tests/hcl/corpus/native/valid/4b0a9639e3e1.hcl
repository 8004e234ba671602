v = true <= [1]
