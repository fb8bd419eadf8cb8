"""``b32 new NAME``: a new cart source from a template (``console/templates/*.asm``).

Every template assembles and runs as it is: a title, a main loop that WAITs, reads BUTTONS and
beeps. ``__NAME__`` in a template becomes the cart's name. An existing file is never
overwritten: the file is created exclusively.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

TEMPLATES = ("game", "demo", "blank")
DEFAULT_TEMPLATE = "game"
PLACEHOLDER = "__NAME__"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ .-]{0,39}")


class NewCartError(Exception):
    """The cart cannot be made; the message is one line. ``bad_name`` is True when the name
    or template is at fault (else the file exists or cannot be written)."""

    def __init__(self, message: str, bad_name: bool = False) -> None:
        super().__init__(message)
        self.bad_name = bad_name


def template_text(template: str) -> str:
    """The text of a template, with the placeholder still in it."""
    if template not in TEMPLATES:
        raise NewCartError(f"no template {template!r} (there are: {', '.join(TEMPLATES)})",
                           bad_name=True)
    return (resources.files("console.templates") / f"{template}.asm").read_text(encoding="utf-8")


def source_path(name: str) -> Path:
    """Where ``b32 new NAME`` writes: ``NAME.asm`` (NAME may be a path; ``.asm`` is added
    unless it is there)."""
    path = Path(name)
    return path if path.suffix.lower() == ".asm" else path.with_name(path.name + ".asm")


def new_cart(name: str, template: str = DEFAULT_TEMPLATE) -> Path:
    """Write the new source and return its path. Raises NewCartError (nothing written) when
    the name is not usable, the template unknown, the file exists or cannot be created."""
    path = source_path(name)
    stem = path.name[: -len(".asm")]
    if not _NAME.fullmatch(stem):
        raise NewCartError(f"{stem!r} is not a cart name: use up to 40 letters, digits, spaces, "
                           "'_', '-' or '.', starting with a letter, digit or '_'",
                           bad_name=True)
    text = template_text(template).replace(PLACEHOLDER, stem)
    exists = f"{path} already exists; nothing written (choose another name)"
    if path.exists():
        raise NewCartError(exists)
    if not path.parent.is_dir():
        raise NewCartError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise NewCartError(exists) from None
    except OSError as err:
        raise NewCartError(f"cannot write {path}: {err.strerror or err}") from None
    return path
