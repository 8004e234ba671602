v = true > [1]
