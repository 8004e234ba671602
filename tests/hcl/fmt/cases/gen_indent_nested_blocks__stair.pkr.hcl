source "amazon-ebs" "x" {
  ami_name = "a"
    launch_block_device_mappings {
      device_name = "/dev/sda1"
        volume_size = 40
          nested {
            deep = true
              }
                }
}
  