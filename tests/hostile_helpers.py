"""A hostile folder, as a kiosk might be given: FIFOs and device links named like carts,
sources that INCLUDE what they must not, broken, looping and faulting carts. Used by the tests
of issue 16 and by ``bench/hostile_soak.py``."""

from __future__ import annotations

import os
from pathlib import Path

from console.machines.b32.asm import assemble

SECRET = "TOKEN=hunter2-s3cr3t"


def cart_bytes(source: str) -> bytes:
    return assemble(source).cart.to_bytes()


LOOPING = "S   JMP S\n    END S\n"
FAULTING = "S   DB $FF\n    END S\n"  # $FF is not an opcode
HALTING = "S   NOP\n    END S\n"
GOOD = ('    TITLE "Good"\n    DESCRIPTION "a cart that waits"\nS   WAIT\n    JMP S\n'
        "    END S\n")


def special_files(folder: Path) -> dict[str, Path]:
    """FIFOs, device links and a symlink loop named like carts and sources."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in ("fifo.b32", "fifo.asm"):
        os.mkfifo(folder / name)
        made[name] = folder / name
    for name, target in (("zero.b32", "/dev/zero"), ("zero.asm", "/dev/zero"),
                         ("null.b32", "/dev/null"), ("stdin.asm", "/dev/stdin"),
                         ("urandom.b32", "/dev/urandom")):
        (folder / name).symlink_to(target)
        made[name] = folder / name
    (folder / "loop-a.b32").symlink_to(folder / "loop-b.b32")
    (folder / "loop-b.b32").symlink_to(folder / "loop-a.b32")
    made["loop-a.b32"] = folder / "loop-a.b32"
    (folder / "folder.b32").mkdir()
    made["folder.b32"] = folder / "folder.b32"
    return made


def hostile_sources(folder: Path, outside: Path) -> dict[str, Path]:
    """Sources that include what a kiosk must not show: an absolute path, a ../ path, a
    symlink out of the folder, and a token file inside the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (folder / "token.inc").write_text(f"    {SECRET}\n", encoding="utf-8")
    (folder / "link.inc").symlink_to(secret)
    rel = os.path.relpath(secret, folder)
    sources = {
        "abs.asm": f'S   NOP\n    INCLUDE "{secret}"\n    END S\n',
        "dotdot.asm": f'S   NOP\n    INCLUDE "{rel}"\n    END S\n',
        "symlink.asm": 'S   NOP\n    INCLUDE "link.inc"\n    END S\n',
        "token.asm": 'S   NOP\n    INCLUDE "token.inc"\n    END S\n',
        "passwd.asm": 'S   NOP\n    INCLUDE "/etc/passwd"\n    END S\n',
    }
    made = {}
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
        made[name] = folder / name
    return made


def broken_library(folder: Path, count: int = 300, specials: bool = True) -> Path:
    """``count`` carts: broken (bad magic, truncated, past $FFFF, on the I/O page), looping,
    faulting, halting and bad sources, plus (``specials``) the FIFOs and device links."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [
        ("bad-magic.b32", b"NOPE\x00\x10\x00\x10"),
        ("short.b32", b"B32\x00"),
        ("too-far.b32", b"B32\xff\xff\x00\x10" + bytes(8)),
        ("io-page.b32", b"B32\x00\xa0\x00\xa0" + bytes(16)),
        ("loop.b32", cart_bytes(LOOPING)),
        ("fault.b32", cart_bytes(FAULTING)),
        ("halt.b32", cart_bytes(HALTING)),
        ("good.b32", cart_bytes(GOOD)),
        ("bad.asm", b"    LDA #(((1\n    END\n"),
        ("equ.asm", ("A0 EQU 3\n" + "".join(f"A{i} EQU A{i - 1}*A{i - 1}\n"
                                             for i in range(1, 23)) + "    END\n").encode()),
        ("ctl.asm", b"\x1b]0;owned\x07\n    END\n"),
    ]
    for n in range(count):
        name, blob = kinds[n % len(kinds)]
        (folder / f"{n:03d}-{name}").write_bytes(blob)
    if specials:
        special_files(folder / "specials")
        for path in (folder / "specials").iterdir():
            target = folder / f"zz-{path.name}"
            if path.is_symlink():
                target.symlink_to(os.readlink(path))
            elif path.is_fifo():
                os.mkfifo(target)
    return folder
