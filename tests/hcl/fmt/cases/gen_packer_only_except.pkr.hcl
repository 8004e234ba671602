build {
source "source.null.first" {
name = "renamed"
}
provisioner "shell-local" {
only = ["null.renamed"]
inline = ["echo only"]
}
provisioner "shell-local" {
except = ["null.renamed"]
inline = ["echo except"]
pause_before = "10s"
max_retries = 5
}
}
