prefix = "auto"
