v = "\n\x"
