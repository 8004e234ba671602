packer {
required_plugins {
amazon = {
version = ">= 0.0.2"
source = "github.com/hashicorp/amazon"
}
}
}

variable "region" {
type = string
default = "us-east-1"
description = "AWS region"
}

variable "instance_count" {
type = number
default = 1
validation {
condition = var.instance_count>0 && var.instance_count<=10
error_message = "Must be between 1 and 10."
}
}

locals {
timestamp = regex_replace(timestamp(), "[- TZ:]", "")
names = [for n in ["a","b"]: "${n}-${local.timestamp}"]
tags = {
Name = "packer-${local.timestamp}"
Owner = "team"
}
}

source "amazon-ebs" "ubuntu" {
ami_name = "learn-packer-${local.timestamp}"
instance_type = "t2.micro"
region = var.region
source_ami_filter {
filters = {
name = "ubuntu/images/*ubuntu-xenial-16.04-amd64-server-*"
root-device-type = "ebs"
virtualization-type = "hvm"
}
most_recent = true
owners = ["099720109477"]
}
ssh_username = "ubuntu"
tags = local.tags
}

build {
name = "learn-packer"
sources = [
"source.amazon-ebs.ubuntu"
]

provisioner "shell" {
environment_vars = [
"FOO=hello world",
]
inline = [
"echo Installing Redis",
"sleep 30",
"sudo apt-get update",
]
}

provisioner "shell" {
inline = ["echo This provisioner runs last"]
}

post-processor "manifest" {}
}
