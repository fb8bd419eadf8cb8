"""Turn cart bytes back into B32 assembly, driven by the opcode table in
``console.machines.b32.isa``.

``disassemble`` decodes bytes into ``Line`` records; ``format_lines`` prints them as a listing
(address, bytes, instruction); ``disassemble_cart`` prints a whole cart as source that
``b32 asm`` turns back into the identical cart (docs/ASSEMBLY.md, "Disassembly round trip"):

* it starts with ``ORG`` at the load address and writes every byte, so load address and data
  match; bytes that are no instruction (an undefined opcode, a bad register code, an
  instruction cut off by the end of the data or by a label) become ``DB $xx``, and runs of
  zero bytes become ``DS n``;
* END emits a $04 byte where it stands and ends the source, so the disassembly writes every
  END instruction as ``DB $04`` but one, which it keeps for the END statement: the last END
  instruction, else the last $04 byte (splitting whatever held it into DB lines); when that
  byte is not the last one the other lines come first and ``ORG`` goes back to it before END.
  A cart with no $04 byte at all ends with ``END addr, NOBYTE``, which emits nothing. END
  names the execution address;
* an info block at the very end becomes TITLE and DESCRIPTION directives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from console.machines.b32 import isa
from console.machines.b32 import memmap as mm
from console.machines.b32.cart import INFO_MARK, Cart, info_block
from console.machines.b32.decoder import Decoded, decode

#: shortest run of zero bytes shown as ``DS n`` rather than one ``DB $00`` per byte
ZERO_RUN = 8
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREDEFINED = mm.PREDEFINED
_INDENT = " " * 8


@dataclass(frozen=True)
class Line:
    """One decoded instruction or data statement."""

    address: int
    data: bytes
    text: str  # "LDA #$41", "JMP LOOP", "DB $00", "DS 12"
    labels: tuple[str, ...] = ()
    opcode: isa.Opcode | None = None  # None for DB and DS lines
    target: int | None = None  # the address operand of an ABS or JUMP instruction

    @property
    def is_code(self) -> bool:
        return self.opcode is not None


def disassemble(
    data: bytes, origin: int, symbols: dict[str, int] | None = None, auto_labels: bool = True
) -> list[Line]:
    """Decode ``data`` loaded at ``origin``. A name from ``symbols`` labels the line at its
    address (no instruction is decoded across a labelled address) and stands for its value in
    address operands; with ``auto_labels`` jump targets without a name get ``Lxxxx`` labels."""
    return _Decoder(symbols or {}, auto_labels).lines(bytes(data), origin)


def format_lines(lines: list[Line]) -> str:
    """A listing: a ``LABEL:`` row before each labelled address, then address, bytes and
    instruction on each row."""
    rows = []
    for line in lines:
        rows.extend(f"{label}:" for label in line.labels)
        rows.append(f"{line.address:04X}  {_hex_column(line)}  {line.text}")
    return "\n".join(rows) + ("\n" if rows else "")


def disassemble_cart(cart: Cart, symbols: dict[str, int] | None = None) -> str:
    """Source text that assembles back to exactly ``cart`` (same header and bytes)."""
    decoder = _Decoder(symbols or {}, auto_labels=True)
    body, title, description = _split_info(cart.data)
    load = cart.load_address
    lines = decoder.lines(body, load, extra_labels={cart.exec_address: "START"})
    end_at = _end_line(lines)
    if end_at is None and 0x04 in body:
        position = load + body.rindex(0x04)
        lines = decoder.lines(body, load, {cart.exec_address: "START"}, breaks={position})
        end_at = _end_line(lines)

    header = [
        f"; B32 disassembly of {cart.name}: load ${load:04X}, exec ${cart.exec_address:04X}, "
        f"{len(cart.data)} bytes",
    ]
    equates = decoder.equates(lines)
    out = header + [f"{name} EQU ${value & 0xFFFF:04X}" for name, value in equates]
    if title is not None:
        out.append(f'{_INDENT}TITLE "{title}"')
        out.append(f'{_INDENT}DESCRIPTION "{description}"')
    out.append(f"{_INDENT}ORG ${load:04X}")
    end_line = lines[end_at] if end_at is not None else None
    for index, line in enumerate(lines):
        if index == end_at:
            continue
        if end_at is not None and index == end_at + 1:
            out.append(f"{_INDENT}ORG ${line.address:04X}")
        out.extend(_source_rows(line))
    exec_operand = _exec_operand(lines, cart.exec_address)
    if end_line is None:
        out.append(f"{_INDENT}END {exec_operand}, NOBYTE")
    else:
        if end_at != len(lines) - 1:
            out.append(f"{_INDENT}ORG ${end_line.address:04X}")
        out.extend(f"{label}:" for label in end_line.labels)
        out.append(_commented(f"END {exec_operand}", end_line))
    return "\n".join(out) + "\n"


# ---- decoding -----------------------------------------------------------------------------------


class _Decoder:
    def __init__(self, symbols: dict[str, int], auto_labels: bool) -> None:
        self.auto_labels = auto_labels
        self.by_value: dict[int, list[str]] = {}
        seen: set[str] = set()
        for name in sorted(symbols, key=str.upper):
            upper = name.upper()
            if upper in seen or not _IDENTIFIER.fullmatch(name):
                continue  # not a name the assembler would accept, or a case-insensitive twin
            seen.add(upper)
            self.by_value.setdefault(symbols[name], []).append(upper)
        self.names = seen
        self.symbols = {
            name.upper(): value for name, value in symbols.items() if name.upper() in seen
        }
        self.predefined = {value: name for name, value in _PREDEFINED.items() if name not in seen}

    def lines(
        self,
        data: bytes,
        origin: int,
        extra_labels: dict[int, str] | None = None,
        breaks: set[int] = frozenset(),
    ) -> list[Line]:
        end = origin + len(data)
        labelled = {value for value in self.by_value if origin <= value < end}
        stops = labelled | set(breaks)
        raw = list(self._decode(data, origin, stops))
        starts = {address for address, *_ in raw}

        labels: dict[int, list[str]] = {
            value: list(names) for value, names in self.by_value.items() if value in starts
        }
        taken = set(self.names)
        if self.auto_labels:
            targets = sorted(
                {target for _, _, op, target in raw if op is not None and op.form is isa.Form.JUMP}
            )
            for target in targets:
                if target in starts and target not in labels and f"L{target:04X}" not in taken:
                    labels[target] = [f"L{target:04X}"]
                    taken.add(f"L{target:04X}")
        for address, name in (extra_labels or {}).items():
            if address in starts and address not in labels and name not in taken:
                labels[address] = [name]
                taken.add(name)
        self.placed = {name for names in labels.values() for name in names}

        lines = []
        for address, chunk, op, target in raw:
            text = self._text(chunk, op, target, labels)
            lines.append(Line(address, chunk, text, tuple(labels.get(address, ())), op, target))
        return lines

    def _decode(self, data: bytes, origin: int, stops: set[int]):
        """Yield (address, bytes, opcode or None, address operand or None) for each line."""
        pos = 0
        size = len(data)

        def fetch(address: int) -> int:
            return data[address - origin]  # IndexError past the end: cut off

        while pos < size:
            address = origin + pos
            if data[pos] == 0:
                run = pos
                while run < size and data[run] == 0 and (run == pos or origin + run not in stops):
                    run += 1
                if run - pos >= ZERO_RUN:
                    yield address, data[pos:run], None, None
                    pos = run
                    continue
            try:
                ins = decode(fetch, address)
            except IndexError:
                ins = None
            if not isinstance(ins, Decoded) or any(
                address + k in stops for k in range(1, ins.opcode.length)
            ):
                yield address, data[pos : pos + 1], None, None
                pos += 1
                continue
            op = ins.opcode
            target = ins.operand if op.form in (isa.Form.ABS, isa.Form.JUMP) else None
            yield address, ins.raw, op, target
            pos += op.length

    def _text(self, chunk: bytes, op: isa.Opcode | None, target: int | None, labels) -> str:
        if op is None:
            return f"DS {len(chunk)}" if len(chunk) > 1 else f"DB ${chunk[0]:02X}"
        form = op.form
        if form is isa.Form.INHERENT:
            return op.mnemonic
        if form is isa.Form.IDX_X:
            return f"{op.mnemonic} ,X"
        if form is isa.Form.IDX_Y:
            return f"{op.mnemonic} ,Y"
        if form is isa.Form.IMM8:
            return f"{op.mnemonic} #${chunk[1]:02X}"
        if form is isa.Form.IMM16:
            return f"{op.mnemonic} #${chunk[1] | chunk[2] << 8:04X}"
        if form is isa.Form.REG:
            return f"{op.mnemonic} {isa.REGISTERS[chunk[1]].name}"
        if form is isa.Form.REG_PAIR:
            source, dest = isa.REGISTERS[chunk[1] >> 4].name, isa.REGISTERS[chunk[1] & 15].name
            return f"{op.mnemonic} {source},{dest}"
        return f"{op.mnemonic} {self._address_name(target, labels)}"

    def _address_name(self, value: int, labels: dict[int, list[str]]) -> str:
        if value in labels:
            return labels[value][0]
        if value in self.by_value:
            return self.by_value[value][0]
        if value in self.predefined:
            return self.predefined[value]
        return f"${value:04X}"

    def equates(self, lines: list[Line]) -> list[tuple[str, int]]:
        """``NAME EQU value`` definitions the text needs: user names it uses that label no line."""
        used = set()
        for line in lines:
            if line.target is not None:
                word = line.text.split()[-1]
                if word in self.symbols and word not in self.placed:
                    used.add(word)
        return sorted((name, self.symbols[name]) for name in used)


# ---- whole carts ---------------------------------------------------------------------------------


def _split_info(data: bytes) -> tuple[bytes, str | None, str | None]:
    """(body, title, description): the info block is split off only when it ends the data
    exactly as the assembler writes it and its text fits in a source string."""
    at = data.rfind(INFO_MARK)
    if at <= 0:
        return data, None, None
    fields = data[at + len(INFO_MARK) :].split(b"\x00")
    if len(fields) != 3 or fields[2] != b"":
        return data, None, None
    title_bytes, description_bytes = fields[0], fields[1]
    if not all(_printable(b) for b in title_bytes + description_bytes):
        return data, None, None
    title, description = title_bytes.decode("cp437"), description_bytes.decode("cp437")
    if data[at:] != info_block(title, description):
        return data, None, None
    return data[:at], title, description


def _printable(byte: int) -> bool:
    return byte >= 0x20 and byte not in (0x22, 0x7F)


def _end_line(lines: list[Line]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        op = lines[index].opcode
        if op is not None and op.flow is isa.Flow.END:
            return index
    return None


def _exec_operand(lines: list[Line], address: int) -> str:
    for line in lines:
        if line.address == address and line.labels:
            return line.labels[0]
    return f"${address:04X}"


def _hex_column(line: Line) -> str:
    if line.opcode is None and len(line.data) > 1:
        return f"00 * {len(line.data)}".ljust(8)
    return line.data.hex(" ").upper().ljust(8)


def _commented(text: str, line: Line) -> str:
    return f"{_INDENT}{text:<24}; {line.address:04X}  {_hex_column(line).rstrip()}"


def _source_rows(line: Line) -> list[str]:
    text = line.text
    if line.opcode is not None and line.opcode.flow is isa.Flow.END:
        text = f"DB ${line.data[0]:02X}"  # the END directive would end the source here
    return [f"{label}:" for label in line.labels] + [_commented(text, line)]
