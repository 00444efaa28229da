"""`python -m bot` is the `recbot` command."""

import sys

from bot.cli.main import main

sys.exit(main())
