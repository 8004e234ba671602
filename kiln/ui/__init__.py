"""kiln.ui."""
