"""``b32 watch SRC`` is ``b32 run SRC --watch``: reassemble and reload on every save (the
command side of watch mode, ``run.start_watching``, is ``b32 run``'s)."""

from __future__ import annotations

import argparse

from console.commands import run as run_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    run_command.add_arguments(parser)
    parser.set_defaults(watch=True)


def run(args: argparse.Namespace) -> int:
    args.watch = True
    return run_command.run(args)
