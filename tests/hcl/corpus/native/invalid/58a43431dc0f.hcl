a = 's'
