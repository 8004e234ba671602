v = "$${%{if true}"
