x = {
a = 1
}
y = 1
zzzz = 2
