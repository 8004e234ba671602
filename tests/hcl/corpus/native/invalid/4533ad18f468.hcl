a = a[1
