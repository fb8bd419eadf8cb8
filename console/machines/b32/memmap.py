"""Addresses, sizes and reset values of the B32 machine (HARDWARE.md sections 2, 4, 6, 7).

The screen's shape, the palette and the frame rate are every machine's: ``console.machines.screen``
(imported here so that B32 code reads them all as ``mm.NAME``).
"""

# BUTTONS / PRESSED bits and the key codes queued for special keys are the console's own
# (console.machines.keys), read here as mm.BUTTON_UP, mm.KEY_ENTER ...
from console.machines.keys import (  # noqa: F401
    BUTTON_A,
    BUTTON_B,
    BUTTON_DOWN,
    BUTTON_LEFT,
    BUTTON_RIGHT,
    BUTTON_SELECT,
    BUTTON_START,
    BUTTON_UP,
    KEY_BACKSPACE,
    KEY_DELETE,
    KEY_DOWN,
    KEY_ENTER,
    KEY_ESCAPE,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_TAB,
    KEY_UP,
)
from console.machines.screen import (  # noqa: F401 (re-exported for B32 code)
    CELLS,
    COLUMNS,
    FRAMES_PER_SECOND,
    GLYPH_HEIGHT,
    GLYPH_WIDTH,
    PALETTE,
    ROWS,
    SCREEN_HEIGHT_PX,
    SCREEN_WIDTH_PX,
)

MEMORY_SIZE = 0x10000

SCREEN = 0xA000
SCREEN_END = SCREEN + 2 * CELLS  # $AFA0, one past the last attribute byte
BLANK_CHAR = 0x20
BLANK_ATTR = 0x07

IO_START = 0xAFA0
IO_END = 0xB000  # one past the I/O page

DEFAULT_ORIGIN = 0x1000
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
SAVE = 0xAFB4  # the cart's save (below): reads 1 when the page holds it; writes $01 / $02

SAVE_PAGE = 0x9F00  # 256 bytes of RAM a cart keeps between runs (section 6)
SAVE_PAGE_END = 0xA000
SAVE_STORE = 0x01  # written to SAVE: the page becomes this cart's save
SAVE_ERASE = 0x02  # written to SAVE: this cart's save is erased

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
    "SAVE": SAVE,
    "VOICES": VOICES,
    **{f"VOICE{n}": VOICES + VOICE_SIZE * n for n in range(VOICE_COUNT)},
}

# Constants (not addresses) the assembler also predefines: a field's offset in a voice
# (``STA VOICE1+V_VOL``) and the wave numbers (``LDA #W_TRIANGLE``).
SOUND_NAMES = {
    **{f"V_{field}": offset for field, offset in VOICE_FIELDS.items()},
    **{f"W_{wave}": number for number, wave in enumerate(WAVES)},
}

#: the assembler's predefined names
PREDEFINED = {"SCREEN": SCREEN, **IO_NAMES}

KEY_QUEUE_SIZE = 16

def cell_address(row: int, col: int) -> int:
    """Address of the character byte of cell (row, col); the attribute follows it."""
    return SCREEN + 2 * (COLUMNS * row + col)
