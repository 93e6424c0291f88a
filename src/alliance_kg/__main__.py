"""`python -m alliance_kg` runs the command line."""

from .cli import main

main()
