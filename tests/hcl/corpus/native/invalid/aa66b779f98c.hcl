v = true ? -3
