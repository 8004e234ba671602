b "x" {}
b "y" {}
