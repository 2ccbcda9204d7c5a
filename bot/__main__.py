"""`python -m bot` is the same as `wuai`."""

import sys

from bot.cli import main

sys.exit(main())
