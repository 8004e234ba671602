a = a[]
