"""Source text as every machine's assembler and the monitor read it: tokens (``lexer``) and
operand expressions (``expressions``: numbers, names, ``+ - * /``, parentheses)."""
