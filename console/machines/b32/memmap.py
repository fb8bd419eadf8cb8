"""Addresses, sizes and reset values of the B32 machine (HARDWARE.md sections 2, 4, 6, 7)."""

MEMORY_SIZE = 0x10000

SCREEN = 0xA000
COLUMNS = 80
ROWS = 25
CELLS = COLUMNS * ROWS
SCREEN_END = SCREEN + 2 * CELLS  # $AFA0, one past the last attribute byte
BLANK_CHAR = 0x20
BLANK_ATTR = 0x07

IO_START = 0xAFA0
IO_END = 0xB000  # one past the I/O page

DEFAULT_ORIGIN = 0x1000
FRAMES_PER_SECOND = 60
DEFAULT_CYCLES_PER_FRAME = 100_000

# I/O page registers (section 6); the names are predefined in the assembler too.
KEY = 0xAFA0
KEYCOUNT = 0xAFA1
BUTTONS = 0xAFA2
PRESSED = 0xAFA3
FRAME = 0xAFA4  # word: $AFA4 low, $AFA5 high
RANDOM = 0xAFA6
CURSOR = 0xAFA8
CURSORPOS = 0xAFA9  # word
BORDER = 0xAFAB
VIDEOMODE = 0xAFAC
TONE = 0xAFB0  # word
TONETIME = 0xAFB2
VOLUME = 0xAFB3

# The sound chip (section 6): four voices of eight bytes from VOICES.
VOICES = 0xAFC0
VOICE_COUNT = 4
VOICE_SIZE = 8
VOICES_END = VOICES + VOICE_COUNT * VOICE_SIZE  # $AFE0, one past the last voice
VOICE_FIELDS = {"FREQ": 0, "VOL": 2, "WAVE": 3, "TIME": 4, "DECAY": 5, "SWEEP": 6}  # offsets
WAVES = ("SQUARE", "PULSE25", "PULSE12", "TRIANGLE", "SAW", "NOISE", "SINE")  # WAVE 0-6
SAMPLE_RATE = 44100  # the sound: 16-bit mono samples a second
SAMPLES_PER_FRAME = SAMPLE_RATE // FRAMES_PER_SECOND  # 735: one block a frame

IO_NAMES = {
    "KEY": KEY,
    "KEYCOUNT": KEYCOUNT,
    "BUTTONS": BUTTONS,
    "PRESSED": PRESSED,
    "FRAME": FRAME,
    "RANDOM": RANDOM,
    "CURSOR": CURSOR,
    "CURSORPOS": CURSORPOS,
    "BORDER": BORDER,
    "VIDEOMODE": VIDEOMODE,
    "TONE": TONE,
    "TONETIME": TONETIME,
    "VOLUME": VOLUME,
    "VOICES": VOICES,
    **{f"VOICE{n}": VOICES + VOICE_SIZE * n for n in range(VOICE_COUNT)},
}

# Constants (not addresses) the assembler also predefines: a field's offset in a voice
# (``STA VOICE1+V_VOL``) and the wave numbers (``LDA #W_TRIANGLE``).
SOUND_NAMES = {
    **{f"V_{field}": offset for field, offset in VOICE_FIELDS.items()},
    **{f"W_{wave}": number for number, wave in enumerate(WAVES)},
}

KEY_QUEUE_SIZE = 16

# BUTTONS / PRESSED bits
BUTTON_UP = 0x01
BUTTON_DOWN = 0x02
BUTTON_LEFT = 0x04
BUTTON_RIGHT = 0x08
BUTTON_A = 0x10
BUTTON_B = 0x20
BUTTON_START = 0x40
BUTTON_SELECT = 0x80

# key codes queued for special keys
KEY_ENTER = 0x0D
KEY_BACKSPACE = 0x08
KEY_TAB = 0x09
KEY_ESCAPE = 0x1B
KEY_DELETE = 0x7F
KEY_UP = 0x11
KEY_DOWN = 0x12
KEY_LEFT = 0x13
KEY_RIGHT = 0x14

# VGA text-mode palette (section 7)
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

GLYPH_WIDTH = 8
GLYPH_HEIGHT = 16
SCREEN_WIDTH_PX = COLUMNS * GLYPH_WIDTH  # 640
SCREEN_HEIGHT_PX = ROWS * GLYPH_HEIGHT  # 400


def cell_address(row: int, col: int) -> int:
    """Address of the character byte of cell (row, col); the attribute follows it."""
    return SCREEN + 2 * (COLUMNS * row + col)
