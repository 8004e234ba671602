v = true < -3
