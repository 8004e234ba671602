
      日本  =  each // t
