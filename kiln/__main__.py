"""`python -m kiln` runs the command line."""

from kiln.cli.main import main

main()
