variable "a" {
  type    = list(string)
    default = []
      }
        variable "b" {
          type = map(string)
            default = {
              k = "v"
                }
}
  variable "c" {
    type      = object({ name = string, size = number })
      sensitive = true
        default   = { name = "x", size = 1 }
          }
            variable "d" {
              type = string
                validation {
condition     = length(var.d) > 4 && substr(var.d, 0, 4) == "ami-"
  error_message = "The image_id value must be a valid AMI id, starting with \"ami-\"."
    }
      }
        