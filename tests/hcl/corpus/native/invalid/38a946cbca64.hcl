v = "$%{endif}"
