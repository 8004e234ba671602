a = "क्षि" # devanagari
bb = "x" # x
