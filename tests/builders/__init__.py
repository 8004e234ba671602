"""Tests of kiln.builders."""
