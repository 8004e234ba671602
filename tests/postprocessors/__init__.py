"""Tests of kiln.postprocessors."""
