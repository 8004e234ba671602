variable "région" {
default = "x"
}
ß = 1
abc = 2
