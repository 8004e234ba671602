a = "‍‍z" # lone zwj
bb = "x" # x
