héllo = 1
