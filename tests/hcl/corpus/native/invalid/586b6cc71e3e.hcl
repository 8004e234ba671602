a = a::
