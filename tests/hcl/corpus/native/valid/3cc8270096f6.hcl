a = "a\nb\t\"q\"\\"
