v = true * -3
