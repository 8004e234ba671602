v = true % [1]
