build {
sources = ["source.null.x"]
post-processors {
post-processor "shell-local" {
inline = ["echo 1"]
}
post-processor "manifest" {
output = "manifest.json"
strip_path = true
}
}
}
