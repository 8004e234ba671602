v = "%%{if true}"
