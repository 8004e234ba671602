v = true / [1]
