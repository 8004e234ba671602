a = 1
bbbbbb = 2
# a comment
c = 3
dd = 4
