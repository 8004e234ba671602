v = "aa"
