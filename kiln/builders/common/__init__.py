"""Option groups shared by the machine builders (qemu, virtualbox, vmware, hyperv...).

Each module declares one group as a `Config` mixin with its own check, named
after Packer's SDK piece it mirrors:

- `iso`: the installation image (`iso_url`, `iso_checksum`...);
- `http`: the HTTP server a guest fetches its answer files from;
- `media`: extra floppy and CD media built from files;
- `boot`: the keys typed at boot (`boot_command`, `boot_wait`, VNC typing);
- `shutdown`: how the machine is shut down at the end;
- `ports`: the check of a `*_port_min`/`*_port_max` range;
- `defaults`: Packer's "a zero value means the default" reading of options.

A builder's config derives from the groups it uses and calls each group's
`check_*` method from its own `check`.
"""
