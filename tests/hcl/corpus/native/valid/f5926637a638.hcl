v = true <= -3
