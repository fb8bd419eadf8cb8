"""The two-pass assembler: lay out addresses and names, then emit bytes into a 64 KiB image.

Pass 1 walks the statements with a location counter, giving each label its address and each
EQU its value. Instruction sizes never depend on values, so one walk is enough unless an ORG,
DS or EQU refers to a name defined further down; then the walk repeats with the values found
by the previous one until nothing changes. Pass 2 evaluates every operand, checks its range and
writes the bytes, refusing any byte past $FFFF, on the I/O page, or written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from console.machines.b32 import isa
from console.machines.b32 import memmap as mm
from console.machines.b32.asm.errors import AsmError
from console.machines.b32.asm.include import Expanded, expand
from console.machines.b32.asm.listing import ListingLine, format_listing
from console.machines.b32.asm.parser import ParsedSource, Statement, parse_source
from console.machines.b32.cart import Cart, cart_name, info_block
from console.machines.files import SOURCE_LIMIT, UnreadableFile, read_text
from console.machines.source.expressions import Name, Undefined, evaluate
from console.machines.source.lexer import SourceError

#: names every program starts with; a user definition shadows them
PREDEFINED: dict[str, int] = {**mm.PREDEFINED, **mm.SOUND_NAMES}  # addresses, sound constants

BYTE_RANGE = (-128, 255)
WORD_RANGE = (-32768, 65535)
_MAX_LAYOUT_PASSES = 16


@dataclass
class Assembly:
    """The result of assembling: the cart, the user-defined names, and the listing."""

    cart: Cart
    symbols: dict[str, int]
    lines: list[ListingLine] = field(default_factory=list)
    filename: str = "<source>"
    included: list[str] = field(default_factory=list)  # the files INCLUDE spliced in

    @property
    def listing(self) -> str:
        """Address, bytes and source of every line, side by side."""
        return format_listing(self.lines)


def assemble_file(path: str | Path, origin: int = mm.DEFAULT_ORIGIN,
                  root: str | Path | None = None) -> Assembly:
    """Assemble a UTF-8 source file. Raises FileNotFoundError when it is missing and AsmError
    when it cannot be read (not a regular file, too big, not UTF-8) or does not assemble.
    ``root``: INCLUDE may name only files inside this folder (browse and kiosk)."""
    path = Path(path)
    try:
        source = read_text(path, SOURCE_LIMIT, "a source file")
    except UnreadableFile as err:
        reason = err.reason
        if reason.startswith("line "):  # not UTF-8: file:line:1
            raise AsmError([f"{path}:{reason[5:].replace(':', ':1:', 1)}"]) from None
        raise AsmError([f"{path}: {reason}"]) from None
    return assemble(source, str(path), origin, root)


def assemble(source: str, filename: str = "<source>", origin: int = mm.DEFAULT_ORIGIN,
             root: str | Path | None = None) -> Assembly:
    """Assemble B32 source text into a cart. Raises AsmError listing every problem found."""
    if not 0 <= origin <= 0xFFFF:
        raise ValueError(f"origin ${origin:X} is not an address ($0000-$FFFF)")
    if source.startswith("\ufeff"):
        source = source[1:]
    expanded = expand(source, filename, root)
    if expanded.over_budget:  # refused as a whole: no need to parse what is too long
        raise AsmError([f"{expanded.place(line)[0]}:{expanded.place(line)[1]}:{col}: {message}"
                        for line, col, message in expanded.errors])
    parsed = parse_source(expanded.lines)
    parsed.errors.extend(expanded.errors)
    return _Assembler(parsed, filename, origin, expanded, root is not None).run()


class _Assembler:
    def __init__(self, parsed: ParsedSource, filename: str, origin: int,
                 expanded: Expanded, confined: bool = False) -> None:
        self.parsed = parsed
        self.confined = confined
        self.filename = filename
        self.expanded = expanded  # where each line came from (INCLUDE splices files in)
        self.origin = origin
        self.errors: list[tuple[int, int, str]] = list(parsed.errors)
        self.values: dict[str, int] = {}

    def run(self) -> Assembly:
        parsed = self.parsed
        if parsed.end is None:
            lines = parsed.lines
            last = len(lines) or 1
            col = len(lines[-1]) + 1 if lines else 1
            self.errors.append(
                (last, col, "missing END; expected 'END [label]' as the last statement")
            )
        self._layout()
        cart, listing = self._emit()
        if self.errors:
            self._hide_non_source()
            self.errors.sort(key=lambda error: (error[0], error[1]))
            raise AsmError([f"{self._where(line)}:{col}: {msg}" for line, col, msg in self.errors])
        return Assembly(cart, dict(sorted(self.values.items())), listing, self.filename,
                        sorted(self.expanded.included))

    def _hide_non_source(self) -> None:
        """A file that is not assembly source at all (no line of it reads as an instruction or
        directive) gets one error instead of one per line, so its text is never quoted: it may
        be a secret an INCLUDE reached. Applies to included files, and to every file under
        browse and kiosk."""
        place = self.expanded.place
        good = {place(st.line)[0] for st in self.parsed.statements if st.kind}
        bad: dict[str, tuple[int, int]] = {}
        include_errors = set(self.expanded.errors)
        for line, _col, _msg in self.errors:
            if (line, _col, _msg) in include_errors:
                continue
            name = place(line)[0]
            if name not in good and (self.confined or name in self.expanded.included):
                bad.setdefault(name, (0, 0))
                bad[name] = (bad[name][0] or line, bad[name][1] + 1)
        if not bad:
            return
        self.errors = [error for error in self.errors
                       if error in include_errors or place(error[0])[0] not in bad]
        for _name, (line, count) in bad.items():
            self.errors.append((line, 1, f"not B32 assembly source: no line of it reads as an "
                                         f"instruction or directive ({count} errors, its text "
                                         "not shown)"))

    def _where(self, line: int) -> str:
        """``file:line`` of a line of the expanded source."""
        name, number = self.expanded.place(line)
        return f"{name}:{number}"

    # ---- pass 1 ---------------------------------------------------------------------------------

    def _layout(self) -> None:
        previous: dict[str, int] = {}
        for _ in range(_MAX_LAYOUT_PASSES):
            values, errors, looked_ahead = self._layout_pass(previous)
            if not looked_ahead or values == previous:
                break
            previous = values
        else:
            line, col = looked_ahead[0]
            errors.append(
                (
                    line,
                    col,
                    "this value never settles: it depends on itself through "
                    "names defined further down; expected a value that can be computed",
                )
            )
        self.values = values
        self.errors.extend(errors)

    def _layout_pass(
        self, previous: dict[str, int]
    ) -> tuple[dict[str, int], list[tuple[int, int, str]], list[tuple[int, int]]]:
        """One walk over the statements. Returns the names defined, the errors found, and where
        an ORG, DS or EQU used a name not yet defined at that point (so another walk is needed)."""
        values: dict[str, int] = {}
        defined_at: dict[str, int] = {}
        errors: list[tuple[int, int, str]] = []
        looked_ahead: list[tuple[int, int]] = []
        current: list[Statement] = []

        predefined_used: dict[str, tuple[int, int]] = {}

        def lookup(name: str) -> int | None:
            value = values.get(name)
            if value is None:
                where = (current[0].line, current[0].operand_col)
                if name in PREDEFINED and name not in previous:
                    predefined_used.setdefault(name, where)  # fine unless the user defines it
                    return PREDEFINED[name]
                looked_ahead.append(where)
                value = previous.get(name)
            return value

        def value_of(st: Statement) -> int | None:
            current[:] = [st]
            try:
                return evaluate(st.operands[0], lookup)
            except Undefined as err:
                errors.append((st.line, err.ref.col, _undefined(err.ref)))
            except SourceError as err:
                errors.append((st.line, err.col, err.message))
            return None

        pc = self.origin
        for st in self.parsed.statements:
            pc, label_value = _layout_statement(st, pc, value_of, errors)
            for label in st.labels:
                name = label.name
                if name in values:
                    errors.append((st.line, label.col,
                                   f"'{name}' is already defined at "
                                   f"{self._defined_at(defined_at[name], st.line)}; "
                                   "expected a new name"))
                    continue
                values[name] = label_value
                defined_at[name] = st.line
            st.address = pc
            pc += st.size
        looked_ahead += [where for name, where in predefined_used.items() if name in values]
        return values, errors, looked_ahead

    def _defined_at(self, line: int, here: int) -> str:
        """``line N``, or ``FILE:N`` when that line is in another file than ``here``."""
        name, number = self.expanded.place(line)
        return f"line {number}" if name == self.expanded.place(here)[0] else f"{name}:{number}"

    # ---- pass 2 ---------------------------------------------------------------------------------

    def _lookup(self, name: str) -> int | None:
        value = self.values.get(name)
        return PREDEFINED.get(name) if value is None else value

    def _emit(self) -> tuple[Cart, list[ListingLine]]:
        image = _Image()
        program = _Program(end_address=self.origin)
        by_line: dict[int, tuple[int, bytes, int | None]] = {}
        errors = self.errors
        for st in self.parsed.statements:
            try:
                data, value = self._statement_data(st, program)
            except Undefined as err:
                errors.append((st.line, err.ref.col, _undefined(err.ref)))
                continue
            except SourceError as err:
                errors.append((st.line, err.col, err.message))
                continue
            by_line[st.line] = (st.address, data, value)
            problem = image.place(st.address, data, st.line) if data else None
            if problem is not None:
                errors.append((st.line, st.col, problem))
        if program.title is not None or program.description is not None:
            block = info_block(program.title or "", program.description or "")
            start = image.highest + 1 if image.highest >= 0 else program.end_address
            end = start + len(block)
            problem = _placement_problem(start, end, "the TITLE/DESCRIPTION info block")
            if problem is not None:
                errors.append((*program.info_line, problem))
            else:
                image.image[start:end] = block
                image.lowest = min(image.lowest, start)
                image.highest = end - 1
        exec_address = program.exec_address
        if exec_address is None:
            exec_address = (image.first_byte if image.first_byte is not None
                            else program.end_address)
        if image.highest < 0:
            lowest = program.end_address
            data = b""
        else:
            lowest = image.lowest
            data = bytes(image.image[lowest : image.highest + 1])
        name = cart_name(self.filename) if self.filename != "<source>" else "cart"
        cart = Cart(lowest, exec_address, data, name)
        listing = []
        for number, text in enumerate(self.parsed.lines, 1):
            address, data_bytes, value = by_line.get(number, (None, b"", None))
            listing.append(ListingLine(self.expanded.place(number)[1], address, data_bytes, text,
                                       value))
        return cart, listing

    def _statement_data(self, st: Statement, program: _Program) -> tuple[bytes, int | None]:
        """The bytes a statement emits (and the value an EQU shows in the listing); END, TITLE
        and DESCRIPTION note what they set in ``program``. Raises Undefined, SourceError."""
        kind, lookup = st.kind, self._lookup
        if kind == "op":
            return self._encode(st, lookup), None
        if kind == "EQU":
            return b"", self.values.get(st.labels[-1].name)
        if kind in ("DB", "DW"):
            return self._data(st, lookup), None
        if kind == "DS":
            return bytes(st.size), None
        if kind in ("TITLE", "DESCRIPTION"):
            field_name = kind.lower()
            if getattr(program, field_name) is not None:
                raise SourceError(st.col, f"a second {kind}; expected one per program")
            setattr(program, field_name, st.operands[0])
            program.info_line = (st.line, st.col)
            return b"", None
        if kind == "END":
            program.end_address = st.address
            if st.operands:
                program.exec_address = _word(evaluate(st.operands[0], lookup), st.operand_col,
                                             "the execution address")
            return (b"\x04" if st.size else b""), None
        return b"", None  # a label alone, or ORG

    def _encode(self, st: Statement, lookup) -> bytes:
        opcode = st.opcode
        form = opcode.form
        if form is isa.Form.INHERENT or form is isa.Form.IDX_X or form is isa.Form.IDX_Y:
            return bytes((opcode.byte,))
        if form is isa.Form.REG:
            return bytes((opcode.byte, st.operands[0]))
        if form is isa.Form.REG_PAIR:
            return bytes((opcode.byte, st.operands[0] << 4 | st.operands[1]))
        value = evaluate(st.operands[0], lookup)
        if form is isa.Form.IMM8:
            return bytes((opcode.byte, _byte(value, st.operand_col)))
        word = _word(value, st.operand_col)
        return bytes((opcode.byte, word & 0xFF, word >> 8))

    def _data(self, st: Statement, lookup) -> bytes:
        out = bytearray()
        if st.kind == "DB":
            for item in st.operands:
                if type(item) is bytes:
                    out += item
                else:
                    out.append(_byte(evaluate(item[0], lookup), item[1]))
        else:
            for expr, col in st.operands:
                word = _word(evaluate(expr, lookup), col)
                out.append(word & 0xFF)
                out.append(word >> 8)
        return bytes(out)


def _byte(value: int, col: int) -> int:
    if not BYTE_RANGE[0] <= value <= BYTE_RANGE[1]:
        raise SourceError(col, _range_message(value, "a byte", BYTE_RANGE))
    return value & 0xFF


def _word(value: int, col: int, what: str = "a word") -> int:
    if not WORD_RANGE[0] <= value <= WORD_RANGE[1]:
        raise SourceError(col, _range_message(value, what, WORD_RANGE))
    return value & 0xFFFF


def _range_message(value: int, what: str, bounds: tuple[int, int]) -> str:
    shown = f"{value}" if value < 0 else f"{value} (${value:X})"
    low, high = bounds
    return f"value {shown} is out of range for {what}; expected {low}..{high}"


def _undefined(ref: Name) -> str:
    return f"undefined name '{ref.name}'; expected a label, an EQU name or a predefined name"


def _placement_problem(start: int, end: int, what: str = "bytes") -> str | None:
    if end > mm.MEMORY_SIZE:
        return f"{what} ${start:04X}-${end - 1:X} would run past $FFFF"
    if start < mm.IO_END and end > mm.IO_START:
        return (
            f"{what} ${start:04X}-${end - 1:04X} would land on the I/O page "
            f"(${mm.IO_START:04X}-${mm.IO_END - 1:04X})"
        )
    return None


def _overlap_problem(
    start: int, end: int, written: bytearray, runs: list[tuple[int, int, int]]
) -> str:
    first = written.find(1, start, end)
    line = next(line for run_start, run_end, line in runs if run_start <= first < run_end)
    return f"byte ${first:04X} was already written by line {line}; expected each byte written once"


def _layout_statement(st: Statement, pc: int, value_of, errors: list) -> tuple[int, int]:
    """Pass 1 for one statement: (the address it starts at, the value its labels get). ORG
    moves the address; EQU gives its labels its value; DS takes its size."""
    kind = st.kind
    if kind == "EQU":
        value = value_of(st)
        return pc, 0 if value is None else value
    if kind not in ("ORG", "DS"):
        return pc, pc
    value = value_of(st)
    if value is None:
        return pc, pc
    if kind == "ORG":
        if 0 <= value <= 0xFFFF:
            return value, value
        errors.append((st.line, st.operand_col,
                       _range_message(value, "an ORG address", (0, 0xFFFF))))
    elif 0 <= value <= 0x10000:
        st.size = value
    else:
        errors.append((st.line, st.operand_col,
                       _range_message(value, "a DS count", (0, 0x10000))))
        st.size = 0
    return pc, pc


@dataclass
class _Program:
    """What END, TITLE and DESCRIPTION set, gathered in pass 2."""

    end_address: int
    exec_address: int | None = None
    title: str | None = None
    description: str | None = None
    info_line: tuple[int, int] = (0, 0)


@dataclass
class _Image:
    """The 64 KiB being written, which bytes were, and by which line."""

    image: bytearray = field(default_factory=lambda: bytearray(mm.MEMORY_SIZE))
    written: bytearray = field(default_factory=lambda: bytearray(mm.MEMORY_SIZE))
    runs: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, line)
    lowest: int = mm.MEMORY_SIZE
    highest: int = -1
    first_byte: int | None = None

    def place(self, start: int, data: bytes, line: int) -> str | None:
        """Write ``data`` at ``start``; or why it cannot go there (None when it went)."""
        end = start + len(data)
        problem = _placement_problem(start, end)
        if problem is None and self.written.find(1, start, end) >= 0:
            problem = _overlap_problem(start, end, self.written, self.runs)
        if problem is not None:
            return problem
        self.image[start:end] = data
        self.written[start:end] = b"\x01" * len(data)
        self.runs.append((start, end, line))
        if self.first_byte is None:
            self.first_byte = start
        self.lowest = min(self.lowest, start)
        self.highest = max(self.highest, end - 1)
        return None
