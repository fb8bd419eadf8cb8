"""Flags computed only where they are read: the translator's bookkeeping for F's OF bit and CF
(used by ``console.machines.b32.jit``).

Most instructions set a flag that nothing reads: ``INCX`` sets OF, and the ``ADDD`` two
instructions later sets it again; ``CMPX`` sets CF for the ``JNE`` right after it, which is all
that reads it. A block therefore does not compute a flag where the table's effect sets it: it
keeps the effect's *definition* pending, and writes it out (*materialises* it) only

* before a statement that reads the flag (``JCS``, ``ROLA``, ``ADCA``...), or that assigns a
  local the definition reads (the value it would have had is then lost);
* on every exit path (a side exit, a store onto translated code, a return that leaves, WAIT,
  END, the end of the block), inside that path only: the fall-through path keeps it pending;
* before a loop goes back to its start, unless the loop's body overwrites the flag before
  anything reads it or leaves (then it is dropped: at the start of a loop every flag is in its
  local, as when the block was entered);
* where a forward skip's two paths join with different definitions pending (each path
  materialises its own).

A definition replaced by a later one before any of that happened is never computed. A jump on
a pending comparison (``cf = 1 if x == n else ...`` then ``cf & 2``) tests the comparison
itself (``x != n``).

Only definitions that read locals (no memory, no call) and nothing of the flag they set are
kept pending: ``f = f & 2 | (comparison)`` or ``f &= 2`` (OF := 0 or 1, C kept: the bits
below C are all OF) and ``cf = expression``.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

FLAGS = ("f", "cf")

_OF_DEFINITION = re.compile(r"f = f & 2 \| (.+)")
_CF_DEFINITION = re.compile(r"cf = (.+)")
_IDENTIFIER = re.compile(r"\b[A-Za-z_]\w*\b")
_ASSIGNED = re.compile(r"([A-Za-z_]\w*)\s*(?:[-+*&|^]|<<|>>)?=(?!=)")
_PURE = (ast.Expression, ast.Name, ast.Constant, ast.Compare, ast.BinOp, ast.UnaryOp,
         ast.BoolOp, ast.IfExp, ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
         ast.expr_context)
#: a comparison's CF (isa._CMP): equal, below, above
_COMPARISON = re.compile(r"(\d+) if (\w+) == (\w+) else (\d+) if \2 < \3 else (\d+)")
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


@lru_cache(maxsize=1024)
def _pure(value: str) -> bool:
    """True when ``value`` reads locals only (no memory, no call): it can be computed later."""
    try:
        tree = ast.parse(value, mode="eval")
    except SyntaxError:
        return False
    return all(isinstance(node, _PURE) for node in ast.walk(tree))


def definition(line: str) -> tuple[str, str] | None:
    """(flag, value) when ``line`` is a definition that can be kept pending."""
    if line == "f &= 2":
        return "f", "0"
    found = _OF_DEFINITION.fullmatch(line)
    if found:
        value = found.group(1)
        tree = ast.parse(value, mode="eval").body if _pure(value) else None
        ok = isinstance(tree, ast.Compare) and len(tree.ops) == 1
        return ("f", value) if ok and "f" not in names(value) else None
    found = _CF_DEFINITION.fullmatch(line)
    if found and _pure(found.group(1)) and not names(found.group(1)) & set(FLAGS):
        return "cf", found.group(1)
    return None


def statement(flag: str, value: str) -> str:
    """The line that materialises ``flag`` with its pending ``value``."""
    return f"f = f & 2 | {value}" if flag == "f" else f"cf = {value}"


class LazyFlags:
    """The definitions pending along the path the translator is writing."""

    def __init__(self) -> None:
        self.pending: dict[str, str] = {}  # flag -> its value, not computed yet
        self.head: dict[str, str] = {}  # flag -> "kill" or "use": what the block does first
        self.in_skip = 0  # inside the body of a forward skip (not every path runs it)

    def _event(self, flag: str, kind: str) -> None:
        if flag not in self.head:
            self.head[flag] = "use" if self.in_skip else kind

    def define(self, line: str) -> bool:
        """Keep the definition ``line`` pending (True), or say it is not one (False)."""
        found = definition(line)
        if found is None:
            return False
        flag, value = found
        self._event(flag, "kill")
        self.pending[flag] = value
        return True

    def before(self, text: str) -> list[str]:
        """The lines to write before the statement(s) ``text``: the definitions it reads or
        whose inputs it assigns (no longer pending after them)."""
        read, written = names(text), assigned(text)
        out = []
        for flag in FLAGS:
            if flag in read:
                self._event(flag, "use")
            value = self.pending.get(flag)
            if value is not None and (flag in read or names(value) & written):
                out.append(statement(flag, self.pending.pop(flag)))
        return out

    def on_exit(self, flags=FLAGS) -> list[str]:
        """The lines that materialise ``flags`` on an exit path (they stay pending on the
        path the translator goes on with)."""
        for flag in FLAGS:
            self._event(flag, "use")
        return [statement(flag, self.pending[flag]) for flag in flags if flag in self.pending]

    def live_at_head(self, flag: str) -> bool:
        """False when the block overwrites ``flag`` before anything reads it or leaves."""
        return self.head.get(flag) != "kill"

    def condition(self, cond: str) -> str:
        """``cond`` (a jump's condition) as it is tested here: on the comparison itself when
        it reads only a pending CF from a comparison."""
        value = self.pending.get("cf")
        found = _COMPARISON.fullmatch(value) if value is not None else None
        if found is None or names(cond) != {"cf"}:
            return cond
        self._event("cf", "use")
        equal, left, right, below, above = found.groups()
        truth = tuple(int(bool(eval(cond, {}, {"cf": int(k)})))  # noqa: S307 (table text)
                      for k in (equal, below, above))
        if truth in _TESTS:
            return f"{left} {_TESTS[truth]} {right}"
        return "True" if any(truth) else "False"

    def open_skip(self) -> dict[str, str]:
        self.in_skip += 1
        return dict(self.pending)

    def close_skip(self, before: dict[str, str]) -> tuple[list[str], list[str]]:
        """Where a skipped body joins: (lines ending the body, lines for the path that
        skipped it) that leave the same definitions pending on both."""
        self.in_skip -= 1
        body, skipped = [], []
        for flag in FLAGS:
            if before.get(flag) != self.pending.get(flag):
                if flag in self.pending:
                    body.append(statement(flag, self.pending.pop(flag)))
                if flag in before:
                    skipped.append(statement(flag, before[flag]))
        return body, skipped
