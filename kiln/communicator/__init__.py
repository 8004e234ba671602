"""kiln.communicator."""
