v = true || [1]
