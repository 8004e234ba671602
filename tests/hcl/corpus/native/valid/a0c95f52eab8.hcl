v = true == (2)
