v = true / -3
