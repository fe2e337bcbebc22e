"""``python -m pipeline`` is the ``newsfacts`` command."""

from pipeline.cli import main

main()
