a = "🇩🇪🇫🇷" # flags
bbbbbbb = "x" # two
