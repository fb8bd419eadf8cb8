"""The keyboard and buttons: a 16-deep queue of key codes, held and newly pressed buttons."""

from __future__ import annotations

from collections import deque

from console.machines.b32.memmap import KEY_QUEUE_SIZE


class Keyboard:
    """Input arrives as plain codes and button bits; the front end never hands in events."""

    def __init__(self) -> None:
        self.queue: deque[int] = deque()
        self.held = 0  # BUTTONS
        self.pressed = 0  # PRESSED, as latched at the start of the current frame
        self._went_down = 0  # buttons that went down since the last latch

    def reset(self) -> None:
        self.queue.clear()
        self.held = self.pressed = self._went_down = 0

    def queue_key(self, code: int) -> bool:
        """Queue a key code; returns False when the queue was full and the key was dropped."""
        if len(self.queue) >= KEY_QUEUE_SIZE:
            return False
        self.queue.append(code & 0xFF)
        return True

    def button_down(self, bits: int) -> None:
        self._went_down |= bits & ~self.held & 0xFF
        self.held |= bits & 0xFF

    def button_up(self, bits: int) -> None:
        self.held &= ~bits & 0xFF

    def set_buttons(self, bits: int) -> None:
        """Set the held buttons as a whole (a gamepad's state, a scripted press)."""
        self.button_down(bits & ~self.held)
        self.held = bits & 0xFF

    def latch(self) -> None:
        """At a frame's start: PRESSED becomes what went down since the previous frame."""
        self.pressed = self._went_down
        self._went_down = 0

    def read_key(self) -> int:
        return self.queue.popleft() if self.queue else 0
