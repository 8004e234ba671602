source "qemu" "x" {
boot_command = [
"<esc><wait>",
"linux text biosdevname=0 ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter><enter>"
]
boot_wait = "10s"
disk_size = 40960
http_directory = "http"
qemuargs = [
["-m", "2048M"],
["-smp", "2"]
]
}
