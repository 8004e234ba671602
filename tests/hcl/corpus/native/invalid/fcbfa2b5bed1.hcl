v = "%{endif}%%{"
