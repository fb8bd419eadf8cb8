"""Exit codes of every ``b32`` command (sysexits): a leaf module, imported only by commands."""

EX_OK = 0
EX_USAGE = 64  # bad command-line arguments
EX_DATAERR = 65  # a bad cart, source or state file
EX_NOINPUT = 66  # a missing input file
EX_SOFTWARE = 70  # the cart faulted
EX_CANTCREAT = 73  # an output that cannot be written
EX_IOERR = 74  # a missing or broken font, no window
