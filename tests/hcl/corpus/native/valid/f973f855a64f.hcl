v = true - [1]
