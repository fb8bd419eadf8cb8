"""Display registers the cart sets: the text cursor, the border colour and the video mode.

Ports: CURSOR, CURSORPOS (low, high), BORDER, VIDEOMODE; all read back what was written."""

from console.machines.b32.devices.device import Device


class Video(Device):
    SIZE = 5

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.cursor = 0  # bit 0: show the blinking cursor
        self.cursor_pos = 0  # cell 0-1999 (larger values show no cursor)
        self.border = 0  # colour 0-15 (the byte as written; the low nibble is drawn)
        self.video_mode = 0  # attribute bit 7: 0 ignored, 1 blink, 2 bright background

    def read(self, port: int) -> int:
        return (self.cursor, self.cursor_pos & 0xFF, self.cursor_pos >> 8, self.border,
                self.video_mode)[port]

    def write(self, port: int, value: int) -> None:
        if port == 0:
            self.cursor = value
        elif port == 1:
            self.cursor_pos = self.cursor_pos & 0xFF00 | value
        elif port == 2:
            self.cursor_pos = self.cursor_pos & 0xFF | value << 8
        elif port == 3:
            self.border = value
        else:
            self.video_mode = value
