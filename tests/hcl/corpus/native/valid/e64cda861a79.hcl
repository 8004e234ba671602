v = true == -3
