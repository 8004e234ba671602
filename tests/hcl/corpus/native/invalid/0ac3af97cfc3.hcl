v = "\xa"
