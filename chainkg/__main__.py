"""``python -m chainkg`` runs the CLI."""

from chainkg.cli import main

main()
