v = "%{if true}\x"
