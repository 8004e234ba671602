x {
a = 1 # one
bbb = "long value here" # two
# standalone
c = 3 # three
}
