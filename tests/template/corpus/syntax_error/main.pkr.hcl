source "file" "a" {
  target = "a.txt
}

build {
  sources = [
}
