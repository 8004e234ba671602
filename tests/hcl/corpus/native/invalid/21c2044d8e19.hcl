v = "%%{%{endif}"
