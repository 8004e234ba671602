a = 1 # x
b {
c = 1 # y
longer = 2 # z
} # w
d = 4 # v
