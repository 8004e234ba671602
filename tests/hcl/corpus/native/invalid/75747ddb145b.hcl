v = "%{if true}\u0041"
