v = "%{if true}\n"
