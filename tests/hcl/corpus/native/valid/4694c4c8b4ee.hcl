v = true * [1]
