"""kiln.template."""
