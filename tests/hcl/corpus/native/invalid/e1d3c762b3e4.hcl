v = "%{if true}$"
