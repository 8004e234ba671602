v = true >= [1]
