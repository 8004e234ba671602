v = "%%{%{if true}"
