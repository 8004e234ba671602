v = "${1}%{if true}"
