"""Kiln's benchmarks: Kiln beside Packer 1.6.6 and beside reference programs.

`bench/run` (or `python -m bench`) runs them all and writes
docs/benchmarks.md and docs/benchmarks.json; each `*_bench.py` module holds
one issue's rows and still runs on its own. See docs/benchmarks.md.
"""
