"""Tests of kiln.components."""
