v = "$${%{endif}"
