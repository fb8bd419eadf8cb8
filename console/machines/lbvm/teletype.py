"""The LBVM teletype (LBVM.md section 5): 80 x 25 characters, light grey on black, a cursor at
the write position; $0A new line, $0D column 0, $08 back one column; every other byte is drawn
as its glyph. Past the last row the screen scrolls up a line. Everything printed is kept too."""

from __future__ import annotations

from dataclasses import dataclass

from console.machines.screen import CELLS, COLUMNS, ROWS

ATTRIBUTE = 0x07  # light grey on black
#: the printed bytes kept for --output and --dump-state; past this many the rest is dropped
#: (an endless printer would otherwise fill the memory of a kiosk left running for hours)
OUTPUT_LIMIT = 16 << 20
_CONTROLS = frozenset((0x08, 0x0A, 0x0D))  # back one column, new line, column 0


@dataclass
class Video:
    """What the front end reads to draw the teletype (``base.VideoRegisters``)."""

    border: int = 0
    cursor: int = 1
    cursor_pos: int = 0
    video_mode: int = 1  # attribute bit 7 blinks (no cell sets it)


class Silence:
    """LBVM has no sound: the beeper the front end plays is always silent."""

    frequency = 0
    volume = 0


class Teletype:
    def __init__(self) -> None:
        self.video = Video()
        self.reset()

    def reset(self) -> None:
        self.cells = bytearray(CELLS)
        self.row = self.col = 0
        self.output = bytearray()
        self.video.cursor_pos = 0

    def put(self, byte: int) -> None:
        """Print one byte (OUT)."""
        output = self.output
        if len(output) < OUTPUT_LIMIT:
            output.append(byte)
        if byte not in _CONTROLS:  # the common case first: a glyph, not at the row's end
            pos = self.row * COLUMNS + self.col
            self.cells[pos] = byte
            if self.col < COLUMNS - 1:
                self.col += 1
                self.video.cursor_pos = pos + 1
                return
            self.col = 0
            self._new_line()
        elif byte == 0x0A:
            self.col = 0
            self._new_line()
        elif byte == 0x0D:
            self.col = 0
        else:  # 0x08
            self.col = max(0, self.col - 1)
        self.video.cursor_pos = self.row * COLUMNS + self.col

    def _new_line(self) -> None:
        if self.row < ROWS - 1:
            self.row += 1
        else:
            del self.cells[:COLUMNS]
            self.cells.extend(bytes(COLUMNS))

    def screen_bytes(self) -> bytes:
        """The cells as (character, attribute) byte pairs, as the front end draws them."""
        out = bytearray(CELLS * 2)
        out[0::2] = self.cells
        out[1::2] = bytes([ATTRIBUTE]) * CELLS
        return bytes(out)

    def lines(self) -> list[str]:
        """The 25 rows as text: code page 437, byte 0 as a space, trailing spaces stripped."""
        text = self.cells.replace(b"\x00", b" ").decode("cp437")
        return [text[r * COLUMNS : (r + 1) * COLUMNS].rstrip(" ") for r in range(ROWS)]
