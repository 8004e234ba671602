v = "%{endif}\u0041"
