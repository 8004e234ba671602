"""kiln.builders."""
