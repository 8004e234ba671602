v = "%{endif}$${"
