"""``b32 new NAME [--template game|demo|blank]``: start a cart from a commented template.

Exit codes: 0 written, 64 a bad name, 73 the file exists or cannot be written (nothing is
written then).
"""

from __future__ import annotations

import argparse
import sys

from console.author.new import DEFAULT_TEMPLATE, TEMPLATES, NewCartError, new_cart
from console.commands import exitcodes as ex


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the cart's name: writes NAME.asm")
    parser.add_argument("--template", choices=TEMPLATES, default=DEFAULT_TEMPLATE,
                        help=f"what to start from (default {DEFAULT_TEMPLATE})")


def run(args: argparse.Namespace) -> int:
    try:
        path = new_cart(args.name, args.template)
    except NewCartError as err:
        print(f"b32 new: {err}", file=sys.stderr)
        return ex.EX_USAGE if err.bad_name else ex.EX_CANTCREAT
    print(f"{path}: a new {args.template} cart; run it with:  b32 watch {path}")
    return ex.EX_OK
