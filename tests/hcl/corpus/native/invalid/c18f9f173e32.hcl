v = "%{if true}%"
