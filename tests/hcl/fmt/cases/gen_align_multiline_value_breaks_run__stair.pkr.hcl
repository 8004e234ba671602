a = 1
  bbbbbb = [
    1,
      2,
        ]
          c = 3
            dd = {
              k = "v"
                longer_key = "w"
}
  eee = 5
    