v = "%{endif}\x"
