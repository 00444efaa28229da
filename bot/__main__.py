"""`python -m bot` is the `recbot` command."""

import sys

from bot.cli import main

sys.exit(main())
