"""The LBVM assembler: the NASM dialect of LBVM.md section 7, byte-identical to ``nasm -f bin``
with the article's macro file.

It works as NASM does: a preprocessor (``%include``, ``%define``, ``%macro``) expands the
built-in ``instructions.asm`` (generated from ``console.machines.lbvm.isa``) into ``db`` and
``dw`` lines, then two passes place the labels and write the bytes. Where NASM would only warn
and truncate (a register above 10, a byte outside -128..255, a jump more than 32767 bytes away)
this is an error, and anything outside the subset is an error naming ``file:line:col``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from console.machines.files import SOURCE_LIMIT, UnreadableFile, inside, read_bounded
from console.machines.lbvm import isa
from console.machines.lbvm.expr import (
    ExprError,
    Undefined,
    evaluate,
    evaluate_full,
    string_bytes,
)

BUILTIN_INCLUDE = "instructions.asm"
MAX_ERRORS = 50
MAX_INCLUDE = SOURCE_LIMIT  # bytes of an included file (a kiosk folder is untrusted: no /dev/zero)
_INCLUDE = re.compile(r"""^\s*%include\s+(["'])(.*?)\1\s*(?:;.*)?$""", re.IGNORECASE)
_LBVM_INCLUDE = re.compile(r"""^\s*%include\s+["']instructions\.asm["']""",
                           re.IGNORECASE | re.MULTILINE)
_NAME = r"[A-Za-z_.?@][A-Za-z0-9_$#@~.?]*"
_IDENT = re.compile(r"(?<![A-Za-z0-9_$#@~.?])" + _NAME)
_LABEL = re.compile(rf"^\s*({_NAME})\s*:")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"|`(?:[^`\\]|\\.)*`")
_DATA_SIZES = {"db": 1, "dw": 2, "dd": 4}
_KEYWORDS = {*_DATA_SIZES, "times", "org", "equ"}  # never a label on its own
_SIGNED_MIN = {1: -0x80, 2: -0x8000, 4: -0x80000000}


class AsmError(Exception):
    """The source has errors: ``errors`` holds one ``file:line:col: message`` line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def is_lbvm_source(text: str) -> bool:
    """True when ``text`` includes the LBVM macro file (the article's convention)."""
    return bool(_LBVM_INCLUDE.search(text))


@dataclass(frozen=True)
class Origin:
    """Where a line came from: file, line number, its text (before expansion)."""

    file: str
    line: int
    text: str

    def where(self, token: str = "") -> str:
        col = self.text.find(token) + 1 if token and token in self.text else 1
        if not token:
            col = len(self.text) - len(self.text.lstrip()) + 1
        return f"{self.file}:{self.line}:{col}"


@dataclass
class Line:
    """A line after the preprocessor. ``check`` marks the lines of a built-in macro: the
    register operands ("registers") or the relative jump word ("relative")."""

    text: str
    origin: Origin
    check: str = ""
    macro: str = ""


@dataclass
class Assembly:
    data: bytes
    symbols: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    listing: str = ""


def split_operands(text: str) -> list[str]:
    """Comma-separated operands, commas inside quotes or parentheses kept."""
    parts, depth, quote, current = [], 0, "", []
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return parts if any(parts) or len(parts) > 1 else []


def strip_comment(text: str) -> str:
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == "`":
                continue
        elif ch in "'\"`":
            quote = ch
        elif ch == ";":
            return text[:i]
    return text


# ---- the preprocessor --------------------------------------------------------------------------


@dataclass
class _Macro:
    params: int
    body: list[str]
    builtin: bool


class _Preprocessor:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = root  # browse and kiosk: %include reaches only files inside this folder
        self.defines: dict[str, str] = {}
        self.macros: dict[str, _Macro] = {}
        self.lines: list[Line] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.depth = 0
        self.expanding = 0  # macros being expanded, one inside another

    def error(self, origin: Origin, message: str, token: str = "") -> None:
        self.errors.append(f"{origin.where(token)}: {message}")

    def substitute(self, text: str) -> str:
        """Single-line macros (%define) in ``text``, outside strings, to a fixed point."""
        for _ in range(16):
            parts = re.split(r"('[^']*'|\"[^\"]*\"|`(?:[^`\\]|\\.)*`)", text)
            changed = False
            for i in range(0, len(parts), 2):
                new = _IDENT.sub(lambda m: self.defines.get(m.group(0), m.group(0)), parts[i])
                changed |= new != parts[i]
                parts[i] = new
            text = "".join(parts)
            if not changed:
                break
        return text

    def run(self, text: str, file: str, folder: Path | None, builtin: bool = False) -> None:
        self.depth += 1
        if self.depth > 16:
            self.errors.append(f"{file}:1:1: %include nested more than 16 deep")
            self.depth -= 1
            return
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            origin = Origin(file, i + 1, lines[i])
            i = self.line(lines, i, origin, folder, builtin)
        self.depth -= 1

    def line(self, lines: list[str], i: int, origin: Origin, folder, builtin: bool) -> int:
        raw = lines[i]
        stripped = strip_comment(raw).strip()
        word = stripped.split(None, 1)[0] if stripped else ""
        lower = word.lower()
        if lower == "%include":
            self.include(origin, raw, folder)
        elif lower == "%define":
            match = re.match(rf"%define\s+({_NAME})(\s+(.*))?$", stripped, re.IGNORECASE)
            if match is None or "(" in stripped.split(None, 2)[1]:
                self.error(origin, "%define takes a name and a value (no parameters)", word)
            else:
                self.defines[match.group(1)] = self.substitute((match.group(3) or "").strip())
        elif lower == "%undef":
            self.defines.pop(stripped.split(None, 1)[-1].strip(), None)
        elif lower == "%macro":
            return self.macro(lines, i, origin, builtin)
        elif word.startswith("%"):
            self.error(origin, f"{word} is not in the LBVM dialect (LBVM.md section 7)", word)
        else:
            self.statement(stripped, origin)
        return i + 1

    def include(self, origin: Origin, raw: str, folder: Path | None) -> None:
        match = _INCLUDE.match(raw)
        if match is None:
            self.error(origin, '%include takes a quoted file name: %include "file.asm"')
            return
        name = match.group(2)
        if name == BUILTIN_INCLUDE:
            self.run(isa.macro_file(), BUILTIN_INCLUDE, None, builtin=True)
            return
        path = (folder or Path(".")) / name
        if self.root is not None and not inside(path, self.root):
            self.error(origin, f"cannot include {name}: it is outside the folder "
                               f"{Path(self.root).name}; expected a file inside the folder "
                               "being browsed", name)
            return
        try:
            text = read_bounded(path, MAX_INCLUDE, "a source file").decode(
                "utf-8", "surrogateescape")
        except UnreadableFile as err:
            self.error(origin, f"cannot include {name}: {err.reason}", name)
            return
        except OSError as err:
            self.error(origin, f"cannot include {name}: {err.strerror or err}", name)
            return
        self.run(text, str(path), path.parent)

    def macro(self, lines: list[str], i: int, origin: Origin, builtin: bool) -> int:
        match = re.match(rf"%macro\s+({_NAME})\s+(\d+)\s*$", strip_comment(lines[i]).strip(),
                         re.IGNORECASE)
        end = next((j for j in range(i + 1, len(lines))
                    if strip_comment(lines[j]).strip().lower() == "%endmacro"), None)
        if end is None:
            self.error(origin, "%macro without %endmacro")
            return len(lines)
        if match is None:
            self.error(origin, "%macro takes a name and a parameter count: %macro lbADD 2")
        else:
            body = [strip_comment(line).strip() for line in lines[i + 1 : end]]
            self.macros[match.group(1)] = _Macro(int(match.group(2)), body, builtin)
        return end + 1

    def statement(self, text: str, origin: Origin) -> None:
        if not text:
            return
        label = _LABEL.match(text)
        if label:
            self.lines.append(Line(label.group(1) + ":", origin))
            text = text[label.end():].strip()
            if re.match(r"equ\b", text, re.IGNORECASE):
                self.lines[-1] = Line(f"{label.group(1)} {self.substitute(text)}", origin)
                return
            if not text:
                return
        name, rest = re.match(r"(\S+)\s*(.*)", text).groups()
        macro = self.macros.get(name)
        if macro is None:
            self.lines.append(Line(self.substitute(text), origin))
            return
        self.expand(name, macro, self.substitute(rest), origin)

    def expand(self, name: str, macro: _Macro, rest: str, origin: Origin) -> None:
        if self.expanding >= 16:
            self.error(origin, f"{name} expands into itself (macros nest at most 16 deep)", name)
            return
        args = split_operands(rest)
        if len(args) != macro.params:
            self.error(origin, f"{name} takes {macro.params} operand"
                       f"{'s' if macro.params != 1 else ''}, not {len(args)}", name)
            return
        opcode = isa.BY_NAME.get(name) if macro.builtin else None
        if opcode is not None and opcode.warn:
            self.warnings.append(f"{origin.where(name)}: warning: {opcode.warn}")
        for index, body in enumerate(macro.body):
            text = re.sub(r"%(\d+)", lambda m: args[int(m.group(1)) - 1]
                          if 0 < int(m.group(1)) <= len(args) else m.group(0), body)
            check = ""
            if opcode is not None and index == 0 and isa.REGISTER_OPERANDS[opcode.form]:
                check = "registers"
            elif opcode is not None and opcode.form is isa.Form.REL:
                check = "relative"
            self.expanding += 1
            try:
                if macro.builtin:
                    self.lines.append(Line(text, origin, check, name))
                else:  # a person's macro: its lines may hold labels and other macros
                    self.statement(text, origin)
            finally:
                self.expanding -= 1


# ---- the two passes ----------------------------------------------------------------------------


@dataclass
class _Statement:
    line: Line
    kind: str  # "data", "equ", "org"
    size: int = 0  # data: bytes per item
    items: list[str] = field(default_factory=list)
    count: int = 1  # times
    address: int = 0  # offset from the section start
    length: int = 0  # bytes it emits
    name: str = ""  # equ


class _Assembler:
    def __init__(self, lines: list[Line], errors: list[str]) -> None:
        self.lines = lines
        self.errors = errors
        self.labels: dict[str, int] = {}  # offsets from the section start
        self.equs: dict[str, str] = {}
        self.equ_values: dict[str, tuple[int, int]] = {}
        self.statements: list[_Statement] = []
        self.origin = 0
        self.parent = ""

    def error(self, line: Line, message: str, token: str = "") -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{line.origin.where(token)}: {message}")

    def qualify(self, name: str) -> str:
        return self.parent + name if name.startswith(".") and not name.startswith("..") else name

    def qualify_names(self, text: str) -> str:
        parts = re.split(r"('[^']*'|\"[^\"]*\"|`(?:[^`\\]|\\.)*`)", text)
        for i in range(0, len(parts), 2):
            parts[i] = _IDENT.sub(lambda m: self.qualify(m.group(0)), parts[i])
        return "".join(parts)

    # ---- pass 1 ------------------------------------------------------------------------------
    def place(self) -> None:
        offset = 0
        for line in self.lines:
            offset = self.place_line(line, offset)
        self.size = offset

    def define(self, line: Line, name: str) -> bool:
        if not name.startswith("."):
            self.parent = name
        full = self.qualify(name)
        if full in self.labels or full in self.equs:
            self.error(line, f"{full} is defined twice", name)
            return False
        return True

    def label(self, line: Line, name: str, offset: int) -> None:
        if self.define(line, name):
            self.labels[self.qualify(name)] = offset

    def place_line(self, line: Line, offset: int) -> int:
        """Place one line at ``offset``; returns the offset after it."""
        text = line.text.strip()
        if text.endswith(":") and re.fullmatch(_NAME + ":", text):
            self.label(line, text[:-1], offset)
            return offset
        words = text.split(None, 2)
        if len(words) >= 2 and words[1].lower() == "equ":
            self.place_equ(line, words, offset)
            return offset
        named = re.match(rf"({_NAME})\s+(?=(?:db|dw|dd|times)\b)", text, re.IGNORECASE)
        if named and named.group(1).lower() not in ("times", "db", "dw", "dd"):
            self.label(line, named.group(1), offset)  # "msg db 'hi'": NASM needs no colon
            text = text[named.end():]
        org = re.fullmatch(r"\[?\s*org\s+(.+?)\s*\]?", text, re.IGNORECASE)
        if org:
            self.set_origin(line, org.group(1), offset)
            return offset
        if re.fullmatch(_NAME, text) and text.lower() not in _KEYWORDS:
            self.label(line, text, offset)  # a label on its own line, without a colon
            return offset
        return self.place_data(line, text, offset)

    def place_data(self, line: Line, text: str, offset: int) -> int:
        """``[times N] db|dw|dd items``; anything else is an error."""
        count = 1
        times = re.match(r"times\s+", text, re.IGNORECASE)
        if times:
            count, text = self.times(line, text[times.end():], offset)
            if count is None:
                return offset
        directive, rest = re.match(r"(\S+)\s*(.*)", text).groups()
        size = _DATA_SIZES.get(directive.lower())
        if size is None:
            self.error(line, f"{directive!r} is not an LBVM instruction or directive "
                       "(LBVM.md section 7)", directive)
            return offset
        items = [self.qualify_names(item) for item in split_operands(rest)]
        if not items:
            self.error(line, f"{directive} needs at least one value", directive)
            return offset
        statement = _Statement(line, "data", size, items, count, offset)
        statement.length = count * sum(self.item_size(item, size) for item in items)
        if offset + statement.length > isa.MEMORY_SIZE:
            self.error(line, f"the program would pass the 1 MiB of memory here "
                       f"({offset + statement.length} bytes)", directive)
            return offset
        self.statements.append(statement)
        return offset + statement.length

    def place_equ(self, line: Line, words: list[str], offset: int) -> None:
        name = words[0].rstrip(":")
        if not re.fullmatch(_NAME, name) or len(words) != 3:
            self.error(line, "equ needs a name and a value: NAME equ VALUE", words[0])
            return
        full = self.qualify(name)
        if full in self.labels or full in self.equs:
            self.error(line, f"{full} is defined twice", name)
            return
        self.equs[full] = self.qualify_names(words[2])
        self.statements.append(_Statement(line, "equ", name=full, address=offset))

    def times(self, line: Line, text: str, offset: int):
        match = re.match(r"(.+?)\s+((?:db|dw|dd)\b.*)$", text, re.IGNORECASE)
        if match is None:
            self.error(line, "times repeats only db, dw or dd here: times N db 0", "times")
            return None, text
        try:
            count = evaluate(self.qualify_names(match.group(1)), self.known,
                             self.origin + offset, self.origin)
        except ExprError as err:
            self.error(line, f"times count: {err}", err.token or "times")
            return None, text
        if not 0 <= count <= isa.MEMORY_SIZE:
            self.error(line, f"times count {count} is not 0-{isa.MEMORY_SIZE}", "times")
            return None, text
        return count, match.group(2)

    def set_origin(self, line: Line, text: str, offset: int) -> None:
        try:
            value = evaluate(text, self.known, offset, 0)
        except ExprError as err:
            self.error(line, f"org: {err}", err.token or "org")
            return
        if not 0 <= value < isa.MEMORY_SIZE:
            self.error(line, f"org {value} is outside memory", "org")
        elif self.origin and value != self.origin:
            self.error(line, "org given twice with different values", "org")
        else:
            self.origin = value

    @staticmethod
    def item_size(item: str, size: int) -> int:
        if _STRING.fullmatch(item):
            try:
                length = len(string_bytes(item))
            except ExprError:
                return size
            return -(-length // size) * size
        return size

    def known(self, name: str) -> tuple[int, int]:
        """A name's value in pass 1: only labels already placed and equs that resolve."""
        if name in self.labels or name in self.equs:
            return self.lookup(name)
        raise Undefined(f"{name} is not defined before this line", name)

    def equ(self, name: str, busy: set | None = None) -> tuple[int, int]:
        if name in self.equ_values:
            return self.equ_values[name]
        busy = busy or set()
        if name in busy:
            raise ExprError(f"{name} is defined in terms of itself", name)
        busy.add(name)
        value = evaluate_full(self.equs[name], lambda n: self.lookup(n, busy), 0, self.origin)
        self.equ_values[name] = value
        return value

    def lookup(self, name: str, busy: set | None = None) -> tuple[int, int]:
        if name in self.labels:
            return self.origin + self.labels[name], 1
        if name in self.equs:
            return self.equ(name, busy)
        raise Undefined(f"{name} is not defined", name)

    # ---- pass 2 ------------------------------------------------------------------------------
    def emit(self) -> bytearray:
        out = bytearray()
        for st in self.statements:
            if st.kind == "equ":
                try:
                    self.equ(st.name)
                except ExprError as err:
                    self.error(st.line, str(err), err.token)
                continue
            here = self.origin + st.address  # NASM: $ is where the statement starts
            once = b"".join(self.item(st, index, item, here) for index, item in enumerate(st.items))
            out += once * st.count
        return out

    def item(self, st: _Statement, index: int, item: str, here: int) -> bytes:
        size = st.size
        if _STRING.fullmatch(item):
            try:
                data = string_bytes(item)
            except ExprError as err:
                self.error(st.line, str(err), err.token)
                return bytes(self.item_size(item, size))
            return data + bytes(-len(data) % size)
        try:
            value = evaluate(item, self.lookup, here, self.origin)
        except ExprError as err:
            hint = ""
            if st.line.check == "registers" and index > 0 and isinstance(err, Undefined):
                hint = " (registers are r0-r8, IP and SP, as written)"
            self.error(st.line, f"{err}{hint}", err.token or item)
            return bytes(size)
        self.check_value(st, index, item, value, here)
        return (value & ((1 << 8 * size) - 1)).to_bytes(size, "little")

    def check_value(self, st: _Statement, index: int, item: str, value: int, here: int) -> None:
        line = st.line
        if line.check == "registers" and index > 0 and not 0 <= value < isa.REGISTER_COUNT:
            self.error(line, f"bad register {item!r} = {value} in {line.macro} (registers are "
                       "r0-r8, IP, SP: 0-10)", item)
        elif line.check == "relative" and not -0x8000 <= value <= 0x7FFF:
            self.error(line, f"{line.macro} target is {value} bytes from the next instruction "
                       "(more than 32767)", line.macro)
        elif not _SIGNED_MIN[st.size] <= value < 1 << 8 * st.size:
            kind = {1: "byte", 2: "word", 4: "doubleword"}[st.size]
            self.error(line, f"{value} does not fit a {kind} "
                       f"({_SIGNED_MIN[st.size]}..{(1 << 8 * st.size) - 1})", item)

    def listing(self, data: bytes) -> str:
        rows: list[str] = []
        seen: set[tuple[str, int]] = set()
        by_origin: dict[tuple[str, int], list] = {}
        for st in self.statements:
            if st.kind == "data":
                key = (st.line.origin.file, st.line.origin.line)
                by_origin.setdefault(key, []).append(st)
        for st in self.statements:
            key = (st.line.origin.file, st.line.origin.line)
            if st.kind != "data" or key in seen:
                continue
            seen.add(key)
            group = by_origin[key]
            start = group[0].address
            end = group[-1].address + group[-1].length
            chunk = data[start:end]
            shown = chunk[:8].hex(" ").upper() + (" ..." if len(chunk) > 8 else "")
            rows.append(f"${self.origin + start:06X}  {shown:<27} {st.line.origin.text}")
        return "\n".join(rows) + "\n"


def assemble(text: str, filename: str = "<input>", folder: Path | None = None,
             root: str | Path | None = None) -> Assembly:
    """Assemble LBVM source (``%include`` confined to ``root`` when it is given). Raises
    AsmError with every error found."""
    pre = _Preprocessor(root)
    pre.run(text, filename, folder)
    errors = list(pre.errors)
    assembler = _Assembler(pre.lines, errors)
    assembler.place()
    data = assembler.emit()
    if assembler.size > isa.MEMORY_SIZE and not errors:
        errors.append(f"{filename}:1:1: the program is {assembler.size} bytes, more than the "
                      "1 MiB of memory")
    if errors:
        raise AsmError(errors[:MAX_ERRORS])
    symbols = {name: assembler.origin + offset for name, offset in assembler.labels.items()}
    symbols.update({name: value for name, (value, _) in assembler.equ_values.items()})
    return Assembly(bytes(data), symbols, pre.warnings, assembler.listing(data))


def assemble_file(path: str | Path, root: str | Path | None = None) -> Assembly:
    """Assemble the source file at ``path`` (``%include`` confined to ``root`` when it is
    given: browse and kiosk). Raises FileNotFoundError, AsmError."""
    path = Path(path)
    try:
        blob = read_bounded(path, SOURCE_LIMIT, "a source file")
    except UnreadableFile as err:
        raise AsmError([f"{path}: {err.reason}"]) from None
    return assemble(blob.decode("utf-8", "surrogateescape"), str(path), path.parent, root)
