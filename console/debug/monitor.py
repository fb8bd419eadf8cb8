"""``b32 monitor [CART] [--symbols FILE]``: an interactive machine-code monitor, in the manner
of py65's.

Commands (``help`` lists them, ``help CMD`` explains one; docs/DEBUGGER.md has the full list):
registers (``r``), stepping (``s``), running frames (``g``), breakpoints (``b``, ``bc``, ``bl``),
memory (``m``, ``e``), disassembly (``d``), assembling (``a``), ``load``, ``reset``, ``screen``,
``sym``, ``v`` (the sound chip's voices) and ``q``. Numbers are decimal unless written ``$hex``;
names from the symbols file, register names and sums (``LOOP+3``) work wherever an address does.

``Monitor`` reads commands from ``stdin`` and writes to ``stdout``, both injectable, so a test
drives a whole session with two ``StringIO``. Every error is one line; end of input quits.
"""

from __future__ import annotations

import cmd
import os
import re
import sys
from typing import TextIO

from console.debug import debugger as dbg
from console.machines import create, display_name, kind_of
from console.machines.base import CartError, Machine, Stop
from console.machines.rewind import History
from console.machines.text import printable_lines

PROMPT = "b32> "
DEFAULT_DUMP = 64  # bytes ``m`` shows
DEFAULT_LISTING = 12  # lines ``d`` shows
SHOWN_STEPS = 20  # ``s N`` prints the first this many instructions, then a count
GO_FRAMES = 36_000  # ``g`` without N gives up after ten minutes of console time
HISTORY_FILE = "~/.b32_monitor_history"
HISTORY_LENGTH = 1000

_TOKENS = re.compile(r'"[^"]*"|\'.\'|\S+')


class Monitor(cmd.Cmd):
    """The monitor over ``machine``. ``stdin``/``stdout`` default to the process's; with a
    terminal on stdin, input has line editing and a history (readline)."""

    prompt = PROMPT
    doc_header = "commands (help CMD for more):"

    def __init__(self, machine: Machine, *, stdin: TextIO | None = None,
                 stdout: TextIO | None = None, symbols: dbg.Symbols | None = None,
                 cart_path: str | None = None, interactive: bool | None = None) -> None:
        stdin = stdin or sys.stdin
        stdout = stdout or sys.stdout
        if interactive is None:
            interactive = stdin is sys.stdin and stdin.isatty()
        super().__init__(stdin=stdin, stdout=stdout)
        self.use_rawinput = interactive
        self.interactive = interactive
        self.machine = machine
        self.symbols = symbols or dbg.Symbols()
        self.cart_path = cart_path
        self.next_dump: int | None = None  # where ``m`` and ``d`` with no address go on
        self.next_listing: int | None = None
        self.quitting = False
        # the frames run here, for ``back`` (the window's F1 history, console.machines.rewind)
        self.history = History()
        self.history.record(machine)
        if not interactive:
            self.prompt = ""

    # ---- output --------------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        """Write a line; anything from a cart or a file in it is escaped (console.machines.text)."""
        self.stdout.write(printable_lines(text) + "\n")

    def error(self, text: str) -> None:
        self.say(f"? {text}")

    def addr(self, text: str) -> int:
        return dbg.parse_address(text, self.symbols, self.machine)

    def label(self, address: int) -> str:
        return dbg.address_label(address, self.symbols, self.machine)

    def hex(self, address: int) -> str:
        return dbg.hex_address(self.machine, address)

    @property
    def mask(self) -> int:
        return dbg.address_mask(self.machine)

    # ---- the loop ------------------------------------------------------------------------------
    def intro_text(self) -> str:
        cart = self.machine.cart
        if cart is None:
            return (f"{self.machine.name} monitor: no cart loaded ('load CART'). "
                    "Type 'help' for commands.")
        names = f", {len(self.symbols)} symbols" if self.symbols else ""
        at = self.hex
        return (f"{self.machine.name} monitor: {cart.name} loaded at {at(cart.load_address)}-"
                f"{at(max(cart.load_address, cart.end_address - 1))}, "
                f"exec {at(cart.exec_address)}{names}. Type 'help' for commands.")

    def run(self) -> int:
        """The session, until ``q`` or end of input. Returns the exit code (0)."""
        history = self._load_history() if self.interactive else None
        self.say(self.intro_text())
        try:
            while not self.quitting:
                try:
                    self.cmdloop()
                except KeyboardInterrupt:
                    self.say("^C")
        finally:
            if history:
                self._save_history(history)
        return 0

    def onecmd(self, line: str) -> bool:
        try:
            return super().onecmd(line)
        except dbg.DebugError as err:
            self.error(str(err))
        except KeyboardInterrupt:
            self.say("interrupted")
        except Exception as err:  # a monitor must survive anything a person types
            self.error(f"internal error: {type(err).__name__}: {err}")
        return False

    def precmd(self, line: str) -> str:
        line = line.strip()
        if line.startswith("#") or line.startswith(";"):
            return ""
        if not self.interactive and line and line != "EOF":
            self.say(f"{PROMPT}{line}")  # a scripted session reads as a transcript
        return line

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> bool:
        word = line.split()[0]
        self.error(f"unknown command {word!r}; type 'help'")
        return False

    def parseline(self, line: str):
        # "r A=1" and "d $1000": split a leading word from its arguments
        command, arg, line = super().parseline(line)
        if command is None and line and not line.startswith("?"):
            match = re.match(r"(\S+)\s*(.*)", line)
            if match:
                return match.group(1).lower(), match.group(2), line
        if command and command != "EOF":
            command = command.lower()
        return command, arg, line

    def _load_history(self):
        try:
            import readline
        except ImportError:
            return None
        path = os.path.expanduser(HISTORY_FILE)
        if os.path.lexists(path) and not os.path.isfile(path):
            return None  # a FIFO or a device there would block or never end: no history
        try:
            readline.read_history_file(path)
        except OSError:
            pass
        readline.set_history_length(HISTORY_LENGTH)
        return path

    def _save_history(self, path: str) -> None:
        try:
            import readline

            readline.write_history_file(path)
        except (ImportError, OSError):
            pass

    # ---- quitting ------------------------------------------------------------------------------
    def do_q(self, arg: str) -> bool:
        """q: leave the monitor (also quit, exit, or end of input)."""
        self.quitting = True
        return True

    do_quit = do_exit = do_q

    def do_EOF(self, arg: str) -> bool:
        if self.interactive:
            self.say()
        self.quitting = True
        return True

    # ---- registers -----------------------------------------------------------------------------
    def do_r(self, arg: str) -> None:
        """r [NAME=VALUE ...]: show the registers, flags and stack top; or set registers first
        (A B D X Y S PC CF F), e.g. r A=$41 X=SCREEN"""
        for item in arg.split():
            name, sep, value = item.partition("=")
            if not sep or not value:
                raise dbg.DebugError(f"expected NAME=VALUE, found {item!r}")
            dbg.set_register(self.machine, name, dbg.parse_value(value, self.symbols, self.machine))
        self.show_state()

    do_regs = do_r

    def show_state(self) -> None:
        for line in dbg.state_lines(self.machine):
            self.say(line)
        rows = dbg.disassemble_range(self.machine, self.machine.pc, 1, self.symbols)
        self.say(self._row_text(rows[0]))

    def _row_text(self, row: dbg.CodeRow) -> str:
        text = row.format()
        name = ", ".join(row.labels)
        return f"{text:<36} ; {name}" if name else text

    # ---- running -------------------------------------------------------------------------------
    def do_s(self, arg: str) -> None:
        """s [N]: step N instructions (default 1), printing each with the registers after it"""
        count = self._count(arg, 1)
        machine = self.machine
        shown = 0
        reason = Stop.BUDGET
        for _ in range(count):
            decoded, reason = dbg.step(machine)
            if decoded is not None:
                if shown < SHOWN_STEPS:
                    self.say(dbg.trace_line(machine, decoded, self.symbols))
                shown += 1
            if reason in (Stop.END, Stop.FAULT, Stop.HALTED):
                break
        if shown > SHOWN_STEPS:
            self.say(f"... {shown - SHOWN_STEPS} more; now at {self.label(machine.pc)}")
            self.say(dbg.register_line(machine))
        self._report_stop(reason)

    do_step = do_s

    def _report_stop(self, reason: str) -> None:
        machine = self.machine
        if reason == Stop.HALTED:
            counter = next(r.name for r in machine.REGISTERS if r.counter)
            self.say(f"the CPU is halted: 'reset', or set {counter} with r {counter}=ADDR")
        elif reason == Stop.FAULT:
            self.say(f"fault: {machine.fault}")
        elif reason == Stop.END:
            self.say(self._end_text(""))

    def _end_text(self, after: str) -> str:
        machine = self.machine
        if machine.ended:
            return f"ended{after}: {machine.ended}"
        return f"END at {self.label((machine.pc - 1) & self.mask)}{after}: halted"

    def do_g(self, arg: str) -> None:
        """g [N]: run frames until a breakpoint, END or a fault (at most N frames when given);
        from a breakpoint it goes on. Ctrl-C interrupts."""
        limit = self._count(arg, GO_FRAMES) if arg.strip() else GO_FRAMES
        self._run_frames(limit, bounded=bool(arg.strip()))

    do_go = do_g

    def do_frames(self, arg: str) -> None:
        """frames N: run N frames, stopping early at a breakpoint, END or a fault"""
        if not arg.strip():
            raise dbg.DebugError("frames needs a count: frames N")
        self._run_frames(self._count(arg, 1), bounded=True)

    def _run_frames(self, limit: int, bounded: bool) -> None:
        machine = self.machine
        if machine.halted:
            self._report_stop(Stop.HALTED)
            return
        ran = 0
        reason = Stop.BUDGET
        try:
            while ran < limit:
                reason = machine.run_frame().reason
                self.history.record(machine)
                ran += 1
                if reason in (Stop.BREAK, Stop.END, Stop.FAULT):
                    break
        except KeyboardInterrupt:
            self.say(f"interrupted after {ran} frames")
            self.show_state()
            return
        frames = f"{ran} frame{'s' if ran != 1 else ''}"
        if reason == Stop.BREAK:
            self.say(f"break at {self.label(machine.pc)} after {frames}")
        elif reason == Stop.END:
            self.say(self._end_text(f" after {frames}"))
        elif reason == Stop.FAULT:
            self.say(f"fault after {frames}: {machine.fault}")
        elif bounded:
            self.say(f"ran {frames}")
        else:
            self.say(f"still running after {frames} (g N runs N frames)")
        self.show_state()

    def do_back(self, arg: str) -> None:
        """back [N]: go back N frames (default 1) among those run here (up to 30 seconds);
        after steps inside a frame, the first goes back to that frame's start"""
        went = self.history.back(self.machine, self._count(arg, 1))
        if not went:
            self.say("no earlier frame to go back to")
            return
        self.say(f"back {went} frame{'s' if went != 1 else ''}: frame {self.machine.frames}")
        self.show_state()

    # ---- breakpoints ---------------------------------------------------------------------------
    def do_b(self, arg: str) -> None:
        """b ADDR|LABEL ...: set breakpoints (run stops before the instruction there)"""
        if not arg.strip():
            self.do_bl("")
            return
        for item in arg.split():
            address = self.addr(item)
            self.machine.add_breakpoint(address)
            self.say(f"breakpoint at {self.label(address)}")

    do_break = do_b

    def do_bc(self, arg: str) -> None:
        """bc ADDR|LABEL ... | bc all: clear breakpoints"""
        machine = self.machine
        if arg.strip().lower() in ("all", "*"):
            dbg.clear_breakpoints(machine)
            self.say("all breakpoints cleared")
            return
        if not arg.strip():
            raise dbg.DebugError("bc needs an address, a label or 'all'")
        for item in arg.split():
            address = self.addr(item)
            if address not in machine.breakpoints:
                raise dbg.DebugError(f"no breakpoint at {self.label(address)}")
            machine.remove_breakpoint(address)
            self.say(f"cleared breakpoint at {self.label(address)}")

    def do_bl(self, arg: str) -> None:
        """bl: list the breakpoints"""
        breakpoints = sorted(self.machine.breakpoints)
        if not breakpoints:
            self.say("no breakpoints")
        for address in breakpoints:
            self.say(f"breakpoint at {self.label(address)}")

    # ---- memory --------------------------------------------------------------------------------
    def do_m(self, arg: str) -> None:
        """m [ADDR [LEN]]: dump memory in hex and code page 437 (64 bytes; goes on from the last
        dump without ADDR)"""
        words = arg.split()
        if len(words) > 2:
            raise dbg.DebugError("m takes an address and a length")
        start = self.addr(words[0]) if words else self.next_dump
        if start is None:
            start = self.machine.pc
        length = self._count(words[1], DEFAULT_DUMP) if len(words) > 1 else DEFAULT_DUMP
        length = min(length, self.machine.memory_size)
        full, rest = divmod(length, 16)
        for line in dbg.memory_rows(self.machine, start, full):
            self.say(line)
        if rest:
            self.say(dbg.memory_rows(self.machine, start + 16 * full, 1, rest)[0])
        self.next_dump = (start + length) & self.mask

    do_mem = do_m

    def do_e(self, arg: str) -> None:
        """e ADDR BYTE ...: change memory; bytes are numbers, 'c' characters or "strings"
        (code page 437); writes go through the bus like the CPU's"""
        tokens = _TOKENS.findall(arg)
        if len(tokens) < 2:
            raise dbg.DebugError("e needs an address and at least one byte")
        address = self.addr(tokens[0])
        data = bytearray()
        for token in tokens[1:]:
            if token.startswith('"'):
                try:
                    data += token[1:-1].encode("cp437")
                except UnicodeEncodeError:
                    raise dbg.DebugError(f"{token} has a character outside code page 437") from None
                continue
            value = dbg.parse_value(token, self.symbols, self.machine)
            if not -128 <= value <= 255:
                raise dbg.DebugError(f"{token} does not fit in a byte")
            data.append(value & 0xFF)
        self.machine.poke(address, bytes(data))
        self.say(f"wrote {len(data)} byte{'s' if len(data) != 1 else ''} at {self.label(address)}")

    # ---- code ----------------------------------------------------------------------------------
    def do_d(self, arg: str) -> None:
        """d [ADDR [COUNT]]: disassemble COUNT instructions (12) from ADDR (default: where the
        last listing ended, or around PC)"""
        words = arg.split()
        if len(words) > 2:
            raise dbg.DebugError("d takes an address and a count")
        count = self._count(words[1], DEFAULT_LISTING) if len(words) > 1 else DEFAULT_LISTING
        if words:
            rows = dbg.disassemble_range(self.machine, self.addr(words[0]), count, self.symbols)
        elif self.next_listing is not None:
            rows = dbg.disassemble_range(self.machine, self.next_listing, count, self.symbols)
        else:
            rows = dbg.disassemble_around(self.machine, 3, count - 4, self.symbols)
        for row in rows:
            for name in row.labels:
                self.say(f"{name}:")
            self.say(row.format())
        if rows:
            last = rows[-1]
            self.next_listing = (last.address + len(last.data)) & self.mask

    def do_a(self, arg: str) -> None:
        """a ADDR INSTRUCTION: assemble one instruction into memory, e.g. a $1003 LDA #'Z'"""
        parts = arg.split(None, 1)
        if len(parts) < 2:
            raise dbg.DebugError("a needs an address and an instruction")
        address = self.addr(parts[0])
        data = dbg.assemble_one(self.machine, address, parts[1], self.symbols)
        for row in dbg.disassemble_range(self.machine, address, 1, self.symbols):
            self.say(row.format())
        self.next_listing = (address + max(1, len(data))) & self.mask

    # ---- carts ---------------------------------------------------------------------------------
    def do_load(self, arg: str) -> None:
        """load CART [SYMBOLS]: load a .b32 cart, an .lbvm program or .asm source (reset,
        breakpoints cleared); symbols from SYMBOLS, else CART.sym beside it"""
        words = arg.split()
        if not words or len(words) > 2:
            raise dbg.DebugError("load needs a cart path (and optionally a symbols file)")
        path = words[0]
        machine = self.machine_for(path)
        try:
            cart = machine.read_cart(path)
        except FileNotFoundError:
            raise dbg.DebugError(f"{path}: no such file") from None
        except CartError as err:
            raise dbg.DebugError(str(err).splitlines()[0]) from None
        try:
            symbols = dbg.load_symbols(machine, path, words[1] if len(words) > 1 else None)
        except FileNotFoundError as err:
            raise dbg.DebugError(f"{err.filename}: no such file") from None
        dbg.clear_breakpoints(self.machine)
        self.machine = machine
        self.machine.load(cart)
        self.history.clear()
        self.history.record(self.machine)
        self.symbols = symbols
        self.cart_path = path
        self.next_dump = self.next_listing = None
        self.say(self.intro_text().replace(" Type 'help' for commands.", ""))

    def machine_for(self, path: str) -> Machine:
        """The machine to load ``path`` into: this one, or a new one of the file's kind (an
        .lbvm program in a B32 session) with the same cycle budget."""
        kind = kind_of(path)
        if display_name(kind) == self.machine.name:
            return self.machine
        return create(kind, getattr(self.machine, "cycles_per_frame", None))

    def do_reset(self, arg: str) -> None:
        """reset: the reset state, the cart reloaded, PC at its start (breakpoints kept)"""
        self.machine.reset()
        self.history.clear()
        self.history.record(self.machine)
        self.next_dump = self.next_listing = None
        counter = next(r.name for r in self.machine.REGISTERS if r.counter)
        self.say(f"reset; {counter}={self.label(self.machine.pc)}")

    def do_screen(self, arg: str) -> None:
        """screen: the 80 x 25 text screen as text (down to its last non-blank row)"""
        lines = self.machine.screen_lines()
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            self.say("(the screen is blank)")
        for line in lines:
            self.say(line)

    def do_v(self, arg: str) -> None:
        """v: the sound chip's four voices (their registers, and whether each is heard) and the
        beeper"""
        lines = self.machine.sound_lines()
        if not lines:
            self.say(f"the {self.machine.name} has no sound chip")
        for line in lines:
            self.say(line)

    do_voices = do_v

    def do_sym(self, arg: str) -> None:
        """sym [TEXT]: list the symbols (those whose name contains TEXT)"""
        needle = arg.strip().upper()
        found = [(name, value) for name, value in sorted(self.symbols.values.items())
                 if needle in name]
        if not found:
            self.say("no symbols" if not needle else f"no symbol contains {needle!r}")
        for name, value in found:
            self.say(f"{name:<16} {self.hex(value & self.mask)}")

    # ---- help ----------------------------------------------------------------------------------
    def do_help(self, arg: str) -> None:
        """help [CMD]: the commands, or one command's description"""
        if arg.strip():
            name = arg.strip().lower()
            fn = getattr(self, f"do_{name}", None)
            if fn is None or not fn.__doc__:
                raise dbg.DebugError(f"no command {name!r}")
            self.say(" ".join(fn.__doc__.split()))
            return
        self.say(HELP)

    def _count(self, text: str, default: int) -> int:
        if not text.strip():
            return default
        value = dbg.parse_value(text, self.symbols, self.machine)
        if value < 1:
            raise dbg.DebugError(f"{text.strip()} is not a count (at least 1)")
        return value


HELP = """\
r [NAME=VALUE ...]   registers, flags, stack top (or set: r A=$41 PC=LOOP)
s [N]                step N instructions (default 1)
g [N]                run until a breakpoint, END or fault (at most N frames)
frames N             run N frames (stops early at a breakpoint)
back [N]             go back N frames (default 1) of those run
b ADDR|LABEL         set a breakpoint          bc ADDR|LABEL|all  clear
bl                   list breakpoints
m [ADDR [LEN]]       dump memory (hex and code page 437)
e ADDR BYTE ...      change memory: $41 65 'A' "TEXT"
d [ADDR [COUNT]]     disassemble
a ADDR INSTRUCTION   assemble one instruction into memory
load CART [SYMS]     load a cart        reset    reset the machine
screen               the screen as text sym [TEXT] list symbols
v                    the sound chip's voices and the beeper
help [CMD]           this, or more on CMD        q  quit
Numbers: decimal, $hex, %binary, 'c'; names: labels, PC A B D X Y S; sums: LOOP+3"""
