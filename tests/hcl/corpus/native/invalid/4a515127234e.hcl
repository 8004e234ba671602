v = "\n%{if true}"
