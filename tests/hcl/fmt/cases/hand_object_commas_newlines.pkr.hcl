a = {
b = 1,
cc = 2,
}
d = {b = 1, cc = 2}
