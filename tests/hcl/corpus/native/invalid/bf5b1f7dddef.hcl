v = "%{endif}\n"
