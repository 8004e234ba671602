   a= var # t
    long_name  = <<EOF
 EOF
        x1	= [for  x	 in f():	1.5]
      a= ""[{for	 k,  v	 in var  :  k =>""  }[b]] -a[*].b # t
