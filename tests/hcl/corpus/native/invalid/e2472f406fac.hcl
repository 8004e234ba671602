v = "\x%{if true}"
