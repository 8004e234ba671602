data "amazon-ami" "ubuntu" {
filters = {
virtualization-type = "hvm"
name = "ubuntu/images/*"
}
owners = ["099720109477"]
most_recent = true
}
locals {
ami = data.amazon-ami.ubuntu.id
}
