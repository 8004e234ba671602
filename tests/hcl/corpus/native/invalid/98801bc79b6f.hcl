v = "a%{endif}"
