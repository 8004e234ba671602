a = a[*
