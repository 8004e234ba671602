a = "x""y"
