v = "%%{endif}"
