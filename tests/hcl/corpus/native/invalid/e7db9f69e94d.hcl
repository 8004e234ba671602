v = "%{endif}$"
