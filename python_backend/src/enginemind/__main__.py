"""``python -m enginemind``."""
from __future__ import annotations

import sys

from enginemind.cli import main

sys.exit(main())
