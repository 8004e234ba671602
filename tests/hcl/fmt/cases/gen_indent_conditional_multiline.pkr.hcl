a = (
var.x ? 1 : 2
)
b = var.x ? [
1
] : [
2
]
