a = true ? false ? 1 : 2 : 3
