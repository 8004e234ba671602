   
    ü	=-  var.a.b
