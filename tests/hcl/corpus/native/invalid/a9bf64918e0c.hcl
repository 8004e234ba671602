v = "\n%{endif}"
