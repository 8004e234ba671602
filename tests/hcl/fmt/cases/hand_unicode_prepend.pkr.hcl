a = "؀١" # arabic prepend
bb = "x" # x
