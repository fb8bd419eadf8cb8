"""The ``b32`` command: one table of subcommands, each in its own module.

Each module named in ``COMMANDS`` provides ``add_arguments(parser)`` and ``run(args) -> int``.
Exit codes follow sysexits: 64 usage, 65 bad data (cart or source), 66 missing input,
70 the cart faulted, 73 cannot create output, 74 I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from console.commands.exitcodes import (  # noqa: F401
    EX_CANTCREAT,
    EX_DATAERR,
    EX_IOERR,
    EX_NOINPUT,
    EX_OK,
    EX_SOFTWARE,
    EX_USAGE,
)
from console.machines.text import printable

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("console.commands.run", "run a cart (.b32 or .asm), in a window or headless"),
    "asm": ("console.commands.asm", "assemble B32 source into a cart"),
    "disasm": ("console.commands.disasm", "disassemble a cart"),
    "browse": ("console.commands.browse", "browse and play the carts of a folder"),
    "kiosk": ("console.commands.kiosk", "unattended fullscreen arcade mode"),
    "monitor": ("console.commands.monitor", "interactive machine-code monitor"),
    "watch": ("console.commands.watch", "run a source, reloading it whenever it is saved"),
    "new": ("console.commands.new", "start a cart from a commented template"),
}


class UsageError(Exception):
    """Bad command-line arguments (exit 64)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with a usage block
        raise UsageError(f"{self.prog}: {message}")


def version() -> str:
    """The installed package's version (pyproject.toml), or the checkout's."""
    from importlib import metadata

    try:
        return metadata.version("b32-console")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


class _Version(argparse.Action):
    """``--version``, as argparse's own, but the version is looked up only when asked for (the
    package metadata costs every other command 30 ms at start)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show program's version number and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(f"b32 {version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="b32", description="The B32 fantasy console.")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def safe_streams() -> None:
    """Standard output and error never fail on what they cannot encode (a file name that is
    not UTF-8, a glyph on an ASCII terminal): such characters are written as escapes."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        argv = ["browse"]
    safe_streams()
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:  # --help and --version print and stop here
            return done.code if isinstance(done.code, int) else EX_OK
        if args.command is None:
            parser.print_help()
            return EX_USAGE
        return args._module.run(args)
    except UsageError as err:
        print(printable(err), file=sys.stderr)
        return EX_USAGE
    except KeyboardInterrupt:
        return 130

