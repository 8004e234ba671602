block {
script = <<-EOT
    ${var.a}
    %{ for s in var.l ~}
    echo ${s}
    %{ endfor ~}
    EOT
next = 1
}
