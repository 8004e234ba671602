source "file" "a" {
  target = "a.txt"
  size   = 3
}

source "file" "b" {
}
