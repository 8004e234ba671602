a = a<-1
b = - -1
c = a%-1
d = (a)-1
e = -a.b
f = !-1
g = a ? b : -1
h = [1,-1]
i = a>=-1
j = a||-1
k = x-y
l = x - y
m = 1-1
n = 1 -1
o = "a"-1
p = a.b -1
