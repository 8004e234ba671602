a = "กำ" # thai sara am
bb = "x" # x
