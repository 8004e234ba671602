"""Tests of kiln.provisioners."""
