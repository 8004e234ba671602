a = "日本" # c1
bbb = "x" # c2
cc = "ée" # c3
d = "👨‍👩‍👧" # c4
