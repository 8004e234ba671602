"""Tests of kiln.datasources."""
