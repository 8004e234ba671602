v = true != [1]
