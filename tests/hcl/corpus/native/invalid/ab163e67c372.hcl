v = "${1}%{endif}"
