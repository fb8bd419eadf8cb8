"""The translated code of a machine whose CPU turns its machine code into Python functions:
blocks by start address, one-instruction functions for stepping, and which bytes each block
was made from, so that a store onto them throws the block away.

A machine's translator makes the functions; this cache only keeps them. ``watch`` is the
machine's byte-per-address array the translated stores test (non-zero: some block holds this
byte); the cache sets and clears ``WATCH_CODE`` in it. LBVM's CPU uses it
(``console.machines.lbvm.cpu``).
"""

from __future__ import annotations

from typing import Callable

WATCH_CODE = 1  # the bit of a watch byte that marks translated code

SMC_LIMIT = 4  # translations of one start thrown away before it is only ever stepped
STEP_LIMIT = 65536  # one-instruction functions kept (code that rewrites itself makes many)


class BlockCache:
    def __init__(self, watch: bytearray) -> None:
        self.watch = watch
        self.blocks: dict[int, Callable] = {}
        self.refused: set[int] = set()  # starts rewritten too often: stepped, not translated
        self._holders: dict[int, set[int]] = {}  # address -> starts of the blocks holding it
        self._covers: dict[int, set[int]] = {}  # start -> the addresses its block holds
        self._rewrites: dict[int, int] = {}  # start -> times its block was thrown away
        self._steps: dict[object, Callable] = {}
        self._baked: dict[int, int] = {}  # operand byte -> its instruction (could be live)

    def clear(self) -> None:
        """Forget every translation (memory was rewritten as a whole)."""
        for addr in self._holders:
            self.watch[addr] &= ~WATCH_CODE
        for table in (self.blocks, self._holders, self._covers, self._rewrites, self._steps,
                      self._baked):
            table.clear()
        self.refused.clear()

    def add(self, start: int, fn: Callable, covers: set[int],
            baked: dict[int, int] | None = None) -> Callable:
        """Keep ``fn``, the block made from the bytes at ``covers``, for ``start``; ``baked``:
        which of them are operand bytes an instruction could read at run time instead."""
        self.blocks[start] = fn
        self._covers[start] = covers
        for addr in covers:
            self._holders.setdefault(addr, set()).add(start)
            self.watch[addr] |= WATCH_CODE
        if baked:
            self._baked.update(baked)
        return fn

    def written(self, addr: int) -> int | None:
        """A store landed on ``addr``: every block made from that byte goes. When the byte is
        an operand an instruction could read at run time, its address is returned and the
        blocks do not count as rewritten (they are made again reading the operand)."""
        owner = self._baked.pop(addr, None)
        for start in self._holders.pop(addr, ()):
            self._forget(start, counted=owner is None)
        self.watch[addr] &= ~WATCH_CODE
        return owner

    def _forget(self, start: int, counted: bool = True) -> None:
        if self.blocks.pop(start, None) is None:
            return
        if counted:
            self._rewrites[start] = self._rewrites.get(start, 0) + 1
        if self._rewrites.get(start, 0) >= SMC_LIMIT:
            self.refused.add(start)
        for addr in self._covers.pop(start, ()):
            holders = self._holders.get(addr)
            if holders is None:
                continue
            holders.discard(start)
            if not holders:
                del self._holders[addr]
                self.watch[addr] &= ~WATCH_CODE

    def stepper(self, key, make: Callable[[], Callable]) -> Callable:
        """The one-instruction function for ``key`` (address and bytes), made by ``make`` the
        first time."""
        fn = self._steps.get(key)
        if fn is None:
            if len(self._steps) >= STEP_LIMIT:
                self._steps.clear()
            fn = self._steps[key] = make()
        return fn
