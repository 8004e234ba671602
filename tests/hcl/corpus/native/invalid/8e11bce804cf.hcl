v = "\x\n"
