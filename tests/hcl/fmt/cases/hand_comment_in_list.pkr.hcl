a = [
# first
1, # one
22, // twenty-two
/* block */ 3,
]
