v = "%{endif}%"
