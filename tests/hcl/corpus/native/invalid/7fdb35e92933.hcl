v = "a%{if true}"
