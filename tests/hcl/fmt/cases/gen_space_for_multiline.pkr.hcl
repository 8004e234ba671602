a = [
for x in var.list :
upper(x)
if x != ""
]
b = {
for k, v in var.map:
k => v
}
