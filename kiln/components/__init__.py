"""kiln.components."""
