source "file" "a" {
  target = "${var.prefix}-a.txt"
}
