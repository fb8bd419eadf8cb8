"""Values computed only where they are read: the translator's bookkeeping for F's OF bit, CF,
and A and B split from D (used by ``console.machines.b32.jit``).

Most instructions set a flag that nothing reads: ``INCX`` sets OF, and the ``ADDD`` two
instructions later sets it again; ``CMPX`` sets CF for the ``JNE`` right after it, which is all
that reads it. ``LDD`` / ``ADDD`` / ``STD`` chains keep D in the local ``d``, and A and B are
needed from it only now and then. A block therefore does not compute such a value where the
table's effect sets it: it keeps the *definition* pending, and writes it out (*materialises*
it) only

* before a statement that reads it (``JCS``, ``ROLA``, ``ADCA``, ``STA``...), or that assigns a
  local the definition reads (the value it would have had is then lost);
* on every exit path (a side exit, a store onto translated code, a return that leaves, WAIT,
  END, the end of the block), inside that path only: the fall-through path keeps it pending;
* before a loop goes back to its start, unless the loop's body overwrites it before anything
  reads it or leaves (then it is dropped: at the start of a loop every value is in its local,
  as when the block was entered);
* where a forward skip's two paths join with different definitions pending (each path
  materialises its own).

A definition replaced by a later one (or a local assigned anew) before any of that happened is
never computed. A jump on a pending comparison (``cf = 1 if x == n else ...`` then ``cf & 2``)
tests the comparison itself (``x != n``).

The definitions kept pending read locals only (no memory, no call) and nothing they set:
``f = f & 2 | (comparison)`` or ``f &= 2`` (OF := 0 or 1, C kept: the bits below C are all
OF), ``cf = expression``, and ``a = d >> 8`` / ``b = d & 255``; and S inside a subroutine
called and returned from in the same block (``JSR`` leaves it pending as the return slot's
address, the ``RTS`` forgets it). They are materialised in the
order of ``LAZY``: a flag's definition may read A or B, never the other way round.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

#: what can be pending, in the order they are materialised
LAZY = ("f", "cf", "a", "b", "s")

_OF_DEFINITION = re.compile(r"f = f & 2 \| (.+)")
_DEFINITION = re.compile(r"(cf) = (.+)|(a) = (d >> 8)|(b) = (d & 255)")
_IDENTIFIER = re.compile(r"\b[A-Za-z_]\w*\b")
_ASSIGNED = re.compile(r"([A-Za-z_]\w*)\s*(?:[-+*&|^]|<<|>>)?=(?!=)")
_PURE = (ast.Expression, ast.Name, ast.Constant, ast.Compare, ast.BinOp, ast.UnaryOp,
         ast.BoolOp, ast.IfExp, ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
         ast.expr_context)
#: a comparison's CF (isa._CMP): the values for equal, below, above
_COMPARISON = re.compile(r"(\d+) if (\w+) == (\w+) else (\d+) if \2 < \3 else (\d+)")
#: a comparison's CF of which one outcome cannot be (after a jump tested it)
_TWO_WAY = re.compile(r"(\d+) if (\w+) (==|<) (\w+) else (\d+)")
_OTHERWISE = {"==": "!=", "<": ">="}
#: which of equal / below / above make a condition true -> the comparison that tests it
_TESTS = {(1, 0, 0): "==", (0, 1, 0): "<", (0, 0, 1): ">", (0, 1, 1): "!=", (1, 1, 0): "<=",
          (1, 0, 1): ">="}


@lru_cache(maxsize=4096)
def names(text: str) -> frozenset[str]:
    """Every identifier in a piece of generated code."""
    return frozenset(_IDENTIFIER.findall(text))


@lru_cache(maxsize=4096)
def assigned(text: str) -> frozenset[str]:
    """The locals a piece of generated code (statements, ``;``- or newline-separated)
    assigns."""
    out = set()
    for line in text.splitlines():
        for part in line.split(";"):
            found = _ASSIGNED.match(part.strip())
            if found:
                out.add(found.group(1))
    return frozenset(out)


@lru_cache(maxsize=4096)
def reads(text: str) -> frozenset[str]:
    """The identifiers a piece of generated code reads (not those it only assigns)."""
    out: set[str] = set()
    for line in text.splitlines():
        for part in line.split(";"):
            part = part.strip()
            found = _ASSIGNED.match(part)
            if found is None:
                out |= names(part)
                continue
            out |= names(part[found.end():])
            if part[found.start(1) + len(found.group(1)):found.end()].strip() != "=":
                out.add(found.group(1))  # an augmented assignment reads its target too
    return frozenset(out)


@lru_cache(maxsize=1024)
def _pure(value: str) -> bool:
    """True when ``value`` reads locals only (no memory, no call): it can be computed later."""
    try:
        tree = ast.parse(value, mode="eval")
    except SyntaxError:
        return False
    return all(isinstance(node, _PURE) for node in ast.walk(tree))


@lru_cache(maxsize=1024)
def definition(line: str) -> tuple[str, str] | None:
    """(what, value) when ``line`` is a definition that can be kept pending."""
    if line == "f &= 2":
        return "f", "0"
    found = _OF_DEFINITION.fullmatch(line)
    if found:
        value = found.group(1)
        tree = ast.parse(value, mode="eval").body if _pure(value) else None
        ok = isinstance(tree, ast.Compare) and len(tree.ops) == 1
        return ("f", value) if ok and "f" not in names(value) else None
    found = _DEFINITION.fullmatch(line)
    if found:
        what, value = [group for group in found.groups() if group is not None]
        if _pure(value) and what not in names(value) and not names(value) & {"f", "cf"}:
            return what, value
    return None


def statement(what: str, value: str) -> str:
    """The line that materialises ``what`` with its pending ``value``."""
    return f"f = f & 2 | {value}" if what == "f" else f"{what} = {value}"


def _narrowed(left: str, right: str, values: tuple[str | None, ...]) -> str:
    """The CF of a comparison of which only the outcomes with a value (equal, below,
    above) can be."""
    equal, below, above = values
    possible = [v for v in values if v is not None]
    if len(possible) == 1:
        return possible[0]
    if equal is None:
        return f"{below} if {left} < {right} else {above}"
    if below is None:
        return f"{equal} if {left} == {right} else {above}"
    if above is None:
        return f"{equal} if {left} == {right} else {below}"
    return f"{equal} if {left} == {right} else {below} if {left} < {right} else {above}"


def _truth(cond: str, value: str) -> int:
    return int(bool(eval(cond, {}, {"cf": int(value)})))  # a condition of the table


def _test(cond: str, value: str) -> tuple[str, tuple[str, str]] | None:
    """``cond`` (reading CF only) tested on the comparison a pending CF ``value`` holds, and
    CF on the path where it holds / where it does not; None when ``value`` is none."""
    if value.isdigit():
        return ("True" if _truth(cond, value) else "False"), (value, value)
    found = _TWO_WAY.fullmatch(value)
    if found:
        yes, left, op, right, no = found.groups()
        if _truth(cond, yes) == _truth(cond, no):
            return ("True" if _truth(cond, yes) else "False"), (value, value)
        test = op if _truth(cond, yes) else _OTHERWISE[op]
        return f"{left} {test} {right}", (yes, no) if _truth(cond, yes) else (no, yes)
    found = _COMPARISON.fullmatch(value)
    if found is None:
        return None
    equal, left, right, below, above = found.groups()
    values = (equal, below, above)
    truth = tuple(_truth(cond, v) for v in values)
    if len(set(truth)) == 1:
        return ("True" if truth[0] else "False"), (value, value)
    branches = tuple(_narrowed(left, right, tuple(v if t == want else None
                                                  for v, t in zip(values, truth, strict=True)))
                     for want in (1, 0))
    return f"{left} {_TESTS[truth]} {right}", branches


class LazyLocals:
    """The definitions pending along the path the translator is writing."""

    def __init__(self) -> None:
        self.pending: dict[str, str] = {}  # what -> its value, not computed yet
        self.head: dict[str, str] = {}  # what -> "kill" or "use": what the block does first
        self.in_skip = 0  # inside the body of a forward skip (not every path runs it)
        # after a jump tested on a pending comparison: CF on the path that jumps / that does not
        self.branches: tuple[str, ...] | None = None

    def _event(self, what: str, kind: str) -> None:
        if what not in self.head:
            self.head[what] = "use" if self.in_skip else kind

    def _closure(self, chosen: set[str]) -> list[str]:
        """``chosen`` and every pending definition that reads what those write, in order."""
        grew = True
        while grew:
            grew = False
            for what, value in self.pending.items():
                if what not in chosen and names(value) & chosen:
                    chosen.add(what)
                    grew = True
        return [what for what in LAZY if what in chosen]

    def _materialise(self, chosen: set[str], keep: bool = False) -> list[str]:
        if not chosen:
            return []
        order = self._closure(chosen)
        out = [statement(what, self.pending[what]) for what in order]
        if not keep:
            for what in order:
                del self.pending[what]
        return out

    def line(self, line: str) -> tuple[list[str], bool]:
        """For one simple statement or a compound statement's first line: (the lines to write
        before it, whether to write it: False when it became a pending definition)."""
        found = definition(line)
        if found is None:
            return self.before(line, simple=not line.endswith(":")), True
        what, value = found
        # what the value reads must be in its local; what reads ``what`` must be computed first
        out = self._materialise({w for w in self.pending if w in names(value) or w != what
                                 and what in names(self.pending[w])})
        self._event(what, "kill")
        self.pending[what] = value
        return out, False

    def before(self, text: str, simple: bool = False) -> list[str]:
        """The lines to write before the statement(s) ``text``: the definitions it reads or
        whose inputs it assigns (no longer pending after them). A ``simple`` statement
        (always runs to its end) that assigns a local without reading it drops its
        definition."""
        read, written = reads(text), assigned(text)
        for what in LAZY:
            if what in read:
                self._event(what, "use")
            elif simple and what in written:
                self._event(what, "kill")
        chosen = {w for w, value in self.pending.items() if w in read or names(value) & written}
        out = self._materialise(chosen)
        if simple:
            for what in written & set(self.pending):
                del self.pending[what]
        elif written & set(self.pending):  # assigned on some paths only: compute it first
            out += self._materialise(set(written & set(self.pending)))
        return out

    def on_exit(self, only=None) -> list[str]:
        """The lines that materialise the pending definitions (``only`` those and what they
        need first) on an exit path; they stay pending on the path the translator goes on
        with."""
        for what in LAZY:
            self._event(what, "use")
        chosen = set(self.pending) if only is None else set(only) & set(self.pending)
        return self._materialise(chosen, keep=True)

    def loop_back(self) -> tuple[list[str], list[str]]:
        """On a path back to the loop's start: (the lines before going back: what the loop
        reads before assigning it, and what must be computed before those; the lines for
        leaving instead, after those)."""
        live = {w for w in self.pending if self.head.get(w) != "kill"}
        first = self._closure(live)
        rest = [w for w in LAZY if w in self.pending and w not in first]
        for what in LAZY:
            self._event(what, "use")
        return ([statement(w, self.pending[w]) for w in first],
                [statement(w, self.pending[w]) for w in rest])

    def condition(self, cond: str) -> tuple[list[str], str]:
        """(lines to write before it, ``cond`` as it is tested here): on the comparison
        itself when it reads only a pending CF that holds one. Sets ``branches``."""
        self.branches = None
        value = self.pending.get("cf")
        found = _test(cond, value) if value is not None and names(cond) == {"cf"} else None
        if found is None:
            return self.before(cond), cond
        self._event("cf", "use")
        test, self.branches = found
        return [], test

    def assume(self, taken: bool) -> None:
        """Narrow a pending comparison to the path where the jump just tested is (not) taken."""
        if self.branches is not None:
            self.pending["cf"] = self.branches[0 if taken else 1]

    def pend(self, what: str, value: str) -> None:
        """Keep ``what = value`` pending (the translator's own definition; ``value`` reads
        locals that stay as they are while it is pending)."""
        self._event(what, "use")
        self.pending[what] = value

    def drop(self, whats) -> None:
        """Forget the pending definitions of ``whats``: they are assigned anew (and read
        nothing until then)."""
        for what in whats:
            self._event(what, "kill")
            self.pending.pop(what, None)

    def open_skip(self) -> tuple[dict[str, str], tuple[str, ...] | None]:
        """At a forward skip just tested with ``condition``: what ``close_skip`` needs (the
        definitions pending, and CF on the path that skips when the test narrowed it)."""
        self.in_skip += 1
        opened = dict(self.pending), self.branches
        if self.branches and not self.branches[1].isdigit():
            # inside the body, CF is one of the two outcomes the test left (a constant would
            # not show whether the body assigned what the comparison read)
            self.pending["cf"] = self.branches[1]
        return opened

    def close_skip(self, opened: tuple[dict[str, str], tuple[str, ...] | None]
                   ) -> tuple[list[str], list[str]]:
        """Where a skipped body joins: (lines ending the body, lines for the path that
        skipped it) that leave the same definitions pending on both."""
        self.in_skip -= 1
        before, branches = opened
        body: list[str] = []
        skipped: list[str] = []
        body_pending, skip_pending = self.pending, dict(before)
        if branches and body_pending.get("cf") == branches[1]:
            body_pending["cf"] = before["cf"]  # untouched in the body: as before it
        if branches and body_pending.get("cf") != before.get("cf"):
            skip_pending["cf"] = branches[0]  # computed anyway: what the skipping path knows
        while True:
            differ = {w for w in LAZY if skip_pending.get(w) != body_pending.get(w)}
            if not differ:
                return body, skipped
            self.pending = skip_pending
            skipped += self._materialise(differ & set(skip_pending))
            self.pending = body_pending
            body += self._materialise(differ & set(body_pending))
