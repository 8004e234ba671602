v = true == [1]
