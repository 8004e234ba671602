variable "size" {
  type    = number
  default = 5

  validation {
    condition     = var.size >= 10
    error_message = "The size must be at least 10."
  }

  validation {
    condition     = var.size < 100
    error_message = "The size must be below 100."
  }
}

variable "bad_rule" {
  default = "x"

  validation {
    condition     = true
    error_message = "not a sentence"
  }
}

source "file" "a" {
  target = "a.txt"
}

build {
  sources = ["file.a"]
}
