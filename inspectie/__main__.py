"""``python -m inspectie`` does what the ``inspectie`` command does."""

from inspectie.cli import main

main()
