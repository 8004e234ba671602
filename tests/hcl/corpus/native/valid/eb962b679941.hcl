v = "%{if true}%{endif}"
