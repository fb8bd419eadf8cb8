"""The B32 assembler: source text in, cart out (HARDWARE.md section 8, docs/ASSEMBLY.md).

>>> from console.machines.b32.asm import assemble
>>> assemble("START:\\n LDA #65\\n END START\\n").cart.data.hex()
'014104'
"""

from console.machines.b32.asm.assembler import Assembly, assemble, assemble_file
from console.machines.b32.asm.errors import AsmError
from console.machines.b32.asm.listing import ListingLine, format_listing
from console.machines.symbols import SymbolFileError, format_symbols, read_symbols

__all__ = [
    "AsmError",
    "Assembly",
    "ListingLine",
    "SymbolFileError",
    "assemble",
    "assemble_file",
    "format_listing",
    "format_symbols",
    "read_symbols",
]
