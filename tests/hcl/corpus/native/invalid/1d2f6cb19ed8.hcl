v = "%{endif}%{endif}"
