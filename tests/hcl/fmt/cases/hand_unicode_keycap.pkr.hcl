a = "1️⃣" # keycap
bb = "x" # x
