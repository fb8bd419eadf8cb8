"""Text that reaches a terminal from a cart or a file: never raw.

- ``printable(text)``: a message with its control characters written as escapes (``\\x1b``,
  ``\\x85``, ``\\u2028``) and a name's undecodable bytes (surrogate escapes) as ``\\xNN``, so a
  cart's title or a source's text can neither move the cursor nor retitle the terminal.
- ``screen_text(data)``: screen bytes as their code page 437 glyphs, every one of the 256
  (``\\x01`` is the smiley, ``\\x1b`` the left arrow), as the window draws them.
- ``source_lines(text)``: a source split into lines at ``\\n``, ``\\r\\n`` or ``\\r`` only (Python's
  ``splitlines`` also breaks at form feed, ``\\x1c``-``\\x1e``, NEL and U+2028, which would put
  every later error on the wrong line).
"""

from __future__ import annotations

import re
import unicodedata

# code page 437's pictures for bytes 0-31 and 127 (Python's cp437 codec maps them to controls)
_LOW_GLYPHS = (" \u263a\u263b\u2665\u2666\u2663\u2660\u2022\u25d8\u25cb\u25d9\u2642\u2640\u266a"
               "\u266b\u263c\u25ba\u25c4\u2195\u203c\u00b6\u00a7\u25ac\u21a8\u2191\u2193\u2192"
               "\u2190\u221f\u2194\u25b2\u25bc")
GLYPHS = "".join(
    _LOW_GLYPHS[b] if b < 32 else "\u2302" if b == 127 else bytes([b]).decode("cp437")
    for b in range(256)
)
_TO_GLYPHS = {b: GLYPHS[b] for b in range(256)}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _escape_char(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _needs_escape(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp", "Co", "Cn") or char in (
        "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
    )


def printable(text: object) -> str:
    """``text`` (anything ``str`` can show) safe for a terminal: control characters, line and
    paragraph separators, bidi overrides and undecodable bytes as escapes; tabs kept."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_escape_char(c) if c != "\t" and _needs_escape(c) else c for c in text)


def shortened(text: object, limit: int = 300) -> str:
    """``printable(text)`` cut to ``limit`` characters (a message quoting a huge argument)."""
    shown = printable(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def printable_lines(text: object) -> str:
    """Like ``printable``, but keeping ``\\n`` between lines (for a block of messages)."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


def screen_text(data: bytes) -> str:
    """Screen bytes as code page 437 glyphs: byte 0 and 32 are spaces, 1 is the smiley..."""
    return bytes(data).decode("latin-1").translate(_TO_GLYPHS)


def source_lines(text: str) -> list[str]:
    """The lines of a source: broken at LF, CRLF or CR and nowhere else; no empty last line
    for a text that ends with a break."""
    if not text:
        return []
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines
