v = true % -3
