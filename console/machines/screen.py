"""The screen and clock every machine shows through: 80 x 25 character cells of (code page 437
byte, VGA attribute byte), 8 x 16 glyphs, the 16-colour VGA palette, 60 frames a second
(HARDWARE.md section 7; LBVM.md section 5 draws its teletype the same way).

The front end draws from these; a machine's own memory map may repeat none of them.
"""

COLUMNS = 80
ROWS = 25
CELLS = COLUMNS * ROWS
FRAMES_PER_SECOND = 60

GLYPH_WIDTH = 8
GLYPH_HEIGHT = 16
SCREEN_WIDTH_PX = COLUMNS * GLYPH_WIDTH  # 640
SCREEN_HEIGHT_PX = ROWS * GLYPH_HEIGHT  # 400

# VGA text-mode palette
PALETTE = (
    (0, 0, 0),
    (0, 0, 170),
    (0, 170, 0),
    (0, 170, 170),
    (170, 0, 0),
    (170, 0, 170),
    (170, 85, 0),
    (170, 170, 170),
    (85, 85, 85),
    (85, 85, 255),
    (85, 255, 85),
    (85, 255, 255),
    (255, 85, 85),
    (255, 85, 255),
    (255, 255, 85),
    (255, 255, 255),
)
