"""The ``b32`` command: one table of subcommands, each in its own module.

Each module named in ``COMMANDS`` provides ``add_arguments(parser)`` and ``run(args) -> int``.
Exit codes follow sysexits: 64 usage, 65 bad data (cart or source), 66 missing input,
70 the cart faulted, 73 cannot create output, 74 I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

EX_OK = 0
EX_USAGE = 64
EX_DATAERR = 65
EX_NOINPUT = 66
EX_SOFTWARE = 70
EX_CANTCREAT = 73
EX_IOERR = 74

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("console.run_command", "run a cart (.b32 or .asm), in a window or headless"),
    "asm": ("console.asm.cli", "assemble B32 source into a cart"),
    "disasm": ("console.disasm_command", "disassemble a cart"),
    "browse": ("console.frontend.shell_command", "browse and play the carts of a folder"),
    "kiosk": ("console.frontend.kiosk_command", "unattended fullscreen arcade mode"),
    "monitor": ("console.monitor", "interactive machine-code monitor"),
}


class UsageError(Exception):
    """Bad command-line arguments (exit 64)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with a usage block
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="b32", description="The B32 fantasy console.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        argv = ["browse"]
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EX_USAGE
        return args._module.run(args)
    except UsageError as err:
        print(err, file=sys.stderr)
        return EX_USAGE
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    sys.exit(main())
