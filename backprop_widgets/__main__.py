"""python -m backprop_widgets: see cli.py."""

import sys

from .cli import main

sys.exit(main())
