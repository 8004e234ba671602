v = "\u0041%{if true}"
