packer {
  required_version = "~> 99.1"
}
