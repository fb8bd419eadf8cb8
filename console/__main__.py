"""``python -m console``: the same as the ``b32`` command."""

import sys

from console.commands import main

if __name__ == "__main__":  # not when a recorder's worker process is spawned
    sys.exit(main())
