"""`python -m wiredesk` runs the command line."""

from wiredesk.cli.main import main

main()
