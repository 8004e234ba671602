locals {
x = merge(
local.a,
{
b = 1
cc = 2
},
)
}
