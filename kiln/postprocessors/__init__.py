"""kiln.postprocessors."""
