a = "${"inner"}"
b = "${format("%s", "x")}"
c = "${var.m["key"]}"
d = "${ lookup(var.m, "k", "d") }"
