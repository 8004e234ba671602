x = [<<A
1
A
, <<B
2
B
]
y = 1
