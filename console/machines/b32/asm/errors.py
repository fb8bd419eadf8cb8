"""Errors of the assembler: one per problem, each naming file, line and column."""

from __future__ import annotations

from console.machines.source.lexer import SourceError

__all__ = ["AsmError", "SourceError"]


class AsmError(Exception):
    """A source that does not assemble. ``errors`` holds every problem found, in source order,
    each as ``file:line:col: message``; ``str(err)`` is those lines joined by newlines."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)

    def __str__(self) -> str:
        return "\n".join(self.errors)
