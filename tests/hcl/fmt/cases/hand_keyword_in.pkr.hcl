a = [for x in [1]: x]
b = [for in in l: in]
c = {for k, v in {a=1}: k=>v}
d = [for x in(l): x]
