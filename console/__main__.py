"""``python -m console``: the same as the ``b32`` command."""

import sys

from console.commands import main

sys.exit(main())
