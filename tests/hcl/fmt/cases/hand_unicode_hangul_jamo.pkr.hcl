a = "한" # jamo
bbbb = "한" # syllable
cc = 1 # c
