"""``b32 watch SRC`` is ``b32 run SRC --watch``: reassemble and reload on every save.

``start_watching`` is the command side of watch mode for ``b32 run --watch`` too: the checks of
the arguments and the first build.
"""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands import run as run_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    run_command.add_arguments(parser)
    parser.set_defaults(watch=True)


def run(args: argparse.Namespace) -> int:
    args.watch = True
    return run_command.run(args)


def start_watching(args: argparse.Namespace):
    """(session, cart to start with, 0), or (None, None, exit code) after a one-line error.
    A source with errors still opens the window (the errors in its panel, and on stderr)."""
    from console.author.session import RELOADED, WatchSession, waiting_cart

    if not args.watch:
        print("b32 run: --keep-ram needs --watch", file=sys.stderr)
        return None, None, ex.EX_USAGE
    if args.headless:
        print("b32 run: --watch needs a window (leave out --headless)", file=sys.stderr)
        return None, None, ex.EX_USAGE
    session = WatchSession(args.cart)
    try:
        event = session.start()
    except FileNotFoundError:
        print(f"b32: {args.cart}: no such file", file=sys.stderr)
        return None, None, ex.EX_NOINPUT
    if event.kind == RELOADED:
        return session, event.build.cart, ex.EX_OK
    for line in event.errors or (event.note,):
        print(line, file=sys.stderr)
    waiting = waiting_cart(session.path)
    if waiting is None:
        return None, None, ex.EX_DATAERR
    print(f"b32: {session.path.name} does not build yet; watching it", file=sys.stderr)
    return session, waiting, ex.EX_OK
