"""``b32 kiosk [DIR]``: the browser as an unattended arcade cabinet.

Always fullscreen with the mouse hidden; closing the window and the console's function keys do
nothing, except the back-to-menu key (F10, or Escape held a second) and the exit chord. After
``--attract`` seconds without input in the menu it plays the carts in turn, ``--switch`` minutes
each; a cart that halts or faults shows why and the menu comes back. No cart can end the kiosk,
and it never exits non-zero because of one.
"""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands.args import add_headless_outputs, add_machine_arguments, add_stats_argument
from console.commands.browse import add_folder_argument, run_shell
from console.shell.session import (
    DEFAULT_ATTRACT_SECONDS,
    DEFAULT_EXIT_CHORD,
    DEFAULT_PLAYER_TIMEOUT_MINUTES,
    DEFAULT_SWITCH_MINUTES,
    ChordError,
    ShellOptions,
    frames_of,
    parse_chord,
)

MAX_TIME = 10**7  # seconds or minutes an option takes (about 19 years of minutes)


def _non_negative(text: str) -> float:
    shown = text if len(text) <= 24 else text[:24] + "..."
    try:
        value = float(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a number")
    if not 0 <= value <= MAX_TIME:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a number from 0 to {MAX_TIME:,}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text[:24]!r} is not more than 0")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_folder_argument(parser)
    parser.add_argument("--attract", type=_non_negative, default=DEFAULT_ATTRACT_SECONDS,
                        metavar="SECONDS",
                        help="start the attract mode after SECONDS without input in the menu "
                             f"(default {DEFAULT_ATTRACT_SECONDS:g}; 0 = never)")
    parser.add_argument("--switch", type=_positive, default=DEFAULT_SWITCH_MINUTES,
                        metavar="MINUTES",
                        help=f"attract mode: the next cart every MINUTES (default "
                             f"{DEFAULT_SWITCH_MINUTES:g})")
    parser.add_argument("--player-timeout", type=_non_negative,
                        default=DEFAULT_PLAYER_TIMEOUT_MINUTES, metavar="MINUTES",
                        help="a cart left without input for MINUTES goes back to the menu "
                             f"(default {DEFAULT_PLAYER_TIMEOUT_MINUTES:g}; 0 = never)")
    parser.add_argument("--exit-chord", default=DEFAULT_EXIT_CHORD, metavar="KEYS",
                        help="keys held together for two seconds to end the kiosk, joined by "
                             f"'+' (default {DEFAULT_EXIT_CHORD})")
    add_machine_arguments(parser)
    add_stats_argument(parser)
    add_headless_outputs(parser, "the kiosk's final state (menu, cart, log)")
    # always fullscreen at the fitting scale; no F12 screenshots, so no options for them
    parser.set_defaults(scale=None, fullscreen=True, screenshot_dir=None, screenshot_scale=1)


def run(args: argparse.Namespace) -> int:
    try:
        chord = parse_chord(args.exit_chord)
    except ChordError as err:
        print(f"b32 kiosk: {err}", file=sys.stderr)
        return ex.EX_USAGE
    options = ShellOptions(
        kiosk=True,
        attract_frames=frames_of(args.attract) if args.attract else 0,
        switch_frames=frames_of(args.switch * 60),
        player_timeout_frames=frames_of(args.player_timeout * 60) if args.player_timeout else 0,
        exit_chord=chord,
    )
    return run_shell(args, options, "kiosk")
