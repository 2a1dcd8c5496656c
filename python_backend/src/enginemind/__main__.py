"""``python -m enginemind``."""

import sys

from enginemind.cli import main

sys.exit(main())
