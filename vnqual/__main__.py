"""``python -m vnqual`` runs the command-line interface."""

from vnqual.cli import main

main()
