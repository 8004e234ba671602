a = var.x ? (
1
) : 2
bb = (
var.y
? "a"
: "b"
)
