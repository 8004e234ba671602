v = "\n\n"
