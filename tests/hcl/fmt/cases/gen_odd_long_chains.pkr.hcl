a = var.one.two.three[0].four["five"].six
b = data.aws_ami.ubuntu.id
c = local.x == "y" ? local.a : local.b
