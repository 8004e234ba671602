v = "a\x"
