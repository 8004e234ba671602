"""kiln.provisioners."""
