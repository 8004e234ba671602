v = "%{endif}${1}"
