"""Kiln's own version and the Packer version whose behaviour it follows."""

__version__ = "0.1.0"

#: Packer release whose templates, command line and output Kiln reproduces.
#: `packer.version` in templates and `required_version` checks use this.
PACKER_COMPAT_VERSION = "1.16.0"
