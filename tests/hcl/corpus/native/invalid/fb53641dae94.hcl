v = "\u0041%{endif}"
