"""The assembly listing: address, bytes and source side by side, one row per source line."""

from __future__ import annotations

from dataclasses import dataclass

BYTES_PER_ROW = 8
_BYTES_WIDTH = 3 * BYTES_PER_ROW


@dataclass(frozen=True)
class ListingLine:
    """One source line as assembled: where its bytes went (address None for none)."""

    line: int
    address: int | None
    data: bytes
    source: str
    value: int | None = None  # the value an EQU line defines



def format_listing(lines: list[ListingLine]) -> str:
    """Rows of ``ADDR  BYTES  LINE  SOURCE``. Data longer than 8 bytes continues on rows with
    only an address; an EQU shows ``=value`` in place of an address."""
    rows = []
    for entry in lines:
        if entry.value is not None:
            where = f"={entry.value & 0xFFFF:04X}" if -32768 <= entry.value <= 0xFFFF else "=****"
        elif entry.address is not None and (entry.data or entry.source.strip()):
            where = f"{entry.address & 0xFFFF:04X} "
        else:
            where = "     "
        head = entry.data[:BYTES_PER_ROW]
        shown = head.hex(" ").upper()
        rows.append(f"{where} {shown:<{_BYTES_WIDTH}} {entry.line:5}  {entry.source}".rstrip())
        for offset in range(BYTES_PER_ROW, len(entry.data), BYTES_PER_ROW):
            chunk = entry.data[offset : offset + BYTES_PER_ROW]
            rows.append(f"{(entry.address + offset) & 0xFFFF:04X}  {chunk.hex(' ').upper()}")
    return "\n".join(rows) + "\n"
