"""kiln.hcl."""
