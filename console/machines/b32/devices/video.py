"""Display registers the cart sets: the text cursor, the border colour and the video mode."""


class Video:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.cursor = 0  # bit 0: show the blinking cursor
        self.cursor_pos = 0  # cell 0-1999 (larger values show no cursor)
        self.border = 0  # colour 0-15 (the byte as written; the low nibble is drawn)
        self.video_mode = 0  # attribute bit 7: 0 ignored, 1 blink, 2 bright background

    @property
    def cursor_visible(self) -> bool:
        return bool(self.cursor & 1)
