# first
variable "x" {
default = 1
}
