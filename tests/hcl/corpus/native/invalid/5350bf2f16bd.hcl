v = "%{if true}a"
