v = "a\n"
