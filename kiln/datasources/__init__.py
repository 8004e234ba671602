"""kiln.datasources."""
