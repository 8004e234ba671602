v = "%{endif}a"
