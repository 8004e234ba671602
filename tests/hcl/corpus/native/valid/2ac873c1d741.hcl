v = true != (2)
