v = true && (2)
