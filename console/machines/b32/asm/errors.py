"""Errors of the assembler: one per problem, each naming file, line and column."""

from __future__ import annotations

from console.machines.source.lexer import SourceError
from console.machines.text import printable

__all__ = ["AsmError", "SourceError"]


class AsmError(Exception):
    """A source that does not assemble. ``errors`` holds every problem found, in source order,
    each as ``file:line:col: message``; ``str(err)`` is those lines joined by newlines. Each
    line is escaped (``console.machines.text.printable``): it may quote a hostile source's text."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = [printable(error) for error in errors]
        super().__init__("\n".join(self.errors))

    def __str__(self) -> str:
        return "\n".join(self.errors)
