v = "$%{if true}"
