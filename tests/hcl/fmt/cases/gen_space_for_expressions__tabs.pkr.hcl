a = [for x in var.list: upper(x)]
	b = {for k, v in var.map: k => v}
		c = [for x in [1,2]: x if x>1]
d = {for k,v in m : k=>v...}
	e = [for i, x in ["a"] : "${i}-${x}"]
		f = [ for x in y : x ]
g = {for x in y: x.name => x if x.enabled}
	