v = true - -3
