v = "\x%{endif}"
