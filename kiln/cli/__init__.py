"""kiln.cli."""
