"""``python -m scripts.gen``: see :mod:`scripts.gen.driver`."""

import sys

from .driver import main

sys.exit(main())
