v = "%{endif}%{if true}"
