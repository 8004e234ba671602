a = `s`
