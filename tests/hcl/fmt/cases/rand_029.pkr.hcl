 # comment
