       long_name = max(
    )	 ?	 if  :	 f()	==concat() // t
