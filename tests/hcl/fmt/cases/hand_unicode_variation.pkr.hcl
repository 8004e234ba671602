a = "❤️" # heart
bb = "x" # x
