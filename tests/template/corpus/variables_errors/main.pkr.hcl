variable "unset" {
  type = string
}

variable "wrong_default" {
  type    = number
  default = "not a number"
}

variable "count_of" {
  type    = number
  default = 1
}

source "file" "a" {
  target = "a.txt"
}

build {
  sources = ["file.a"]
}
