v = "%{if true}%{if true}"
