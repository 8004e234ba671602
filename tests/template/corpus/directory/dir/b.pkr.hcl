variable "prefix" {
  type = string
}

variable "count_of" {
  type    = number
  default = 1
}

build {
  sources = ["source.file.a"]
}
