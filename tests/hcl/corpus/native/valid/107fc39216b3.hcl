a = "s"
