"""Kiln: builds identical machine images from HashiCorp Packer templates."""

from kiln.version import __version__

__all__ = ["__version__"]
