a=concat(
[1],
[
2,
3
],
)
b = format("%s-%s",
var.a,
var.b
)
