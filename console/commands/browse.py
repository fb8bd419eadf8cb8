"""``b32 browse [DIR]``: the cart browser, in a window or headless (a replayed session).

Also the pieces ``b32 kiosk`` shares: the folder check, the library, the headless replay and its
dumps. pygame is imported only when a window opens, so headless replays never load it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.commands import exitcodes as ex
from console.commands.args import (
    DEFAULT_HEADLESS_FRAMES,
    add_headless_outputs,
    add_machine_arguments,
    add_window_arguments,
    headless_only,
    headless_outputs,
    in_window,
    window_options,
    write_headless,
)
from console.commands.outputs import OutputError
from console.machines.script import InputScript, ScriptError
from console.machines.text import shortened
from console.shell.session import (
    Shell,
    ShellOptions,
    ShellScript,
    bundled_carts_dir,
    replay,
    scan_library,
)


def add_folder_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", metavar="DIR", default=None,
                        help="a folder of .b32 carts and .asm sources, shown after the bundled "
                             "carts")
    parser.add_argument("--no-bundled", action="store_true",
                        help="show only DIR's carts, not the ones that come with the console")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_folder_argument(parser)
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the shell's final state (menu, cart, log)")


def check_folder(folder: str | None, command: str) -> tuple[Path | None, int]:
    """(the folder, 0), or (None, exit code) after a one-line message."""
    if folder is None:
        return None, ex.EX_OK
    path = Path(folder)
    if not path.exists():
        print(f"b32 {command}: {folder}: no such folder", file=sys.stderr)
        return None, ex.EX_NOINPUT
    if not path.is_dir():
        print(f"b32 {command}: {folder}: not a folder (give the folder that holds the carts)",
              file=sys.stderr)
        return None, ex.EX_NOINPUT
    return path, ex.EX_OK


def parse_script(args: argparse.Namespace, command: str) -> tuple[ShellScript | None, int]:
    try:
        script = InputScript.parse(args.press, args.type, console_keys=True)
    except ScriptError as err:
        print(f"b32 {command}: {shortened(err)}", file=sys.stderr)
        return None, ex.EX_USAGE
    return ShellScript(script), ex.EX_OK


def run_shell(args: argparse.Namespace, options: ShellOptions, command: str) -> int:
    """Build the library and run the shell, headless or in a window. Returns the exit code."""
    status = headless_only(args, command)
    if status:
        return status
    script, status = parse_script(args, command)
    if script is None:
        return status
    folder, status = check_folder(args.folder, command)
    if status:
        return status
    options.cycles = args.cycles
    options.seed = args.seed
    options.heading = str(folder) if folder is not None else ""
    bundled = None if args.no_bundled else bundled_carts_dir()
    shell = Shell(scan_library(folder, bundled), options)
    if not args.headless:
        from console.frontend.shell_window import play_shell

        window = window_options(args)
        _, status = in_window(command, lambda: play_shell(shell, window, script, args.frames))
        return status
    try:
        outputs = headless_outputs(args, command, [entry.path for entry in shell.entries])
    except OutputError as err:
        print(err, file=sys.stderr)
        return err.code
    replay(shell, script, args.frames or DEFAULT_HEADLESS_FRAMES)
    return write_headless(outputs, args, shell.state_dict(), shell.screen)


def run(args: argparse.Namespace) -> int:
    return run_shell(args, ShellOptions(kiosk=False), "browse")
