a = "%{if a}${x}%{endif}"
b = "${a}%{if b}x%{endif}"
c = "%{if a}%{endif}"
d = "%{for x in l}${x}%{endfor}"
