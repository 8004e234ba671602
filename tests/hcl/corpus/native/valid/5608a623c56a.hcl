v = true != -3
