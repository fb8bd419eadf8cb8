"""The keyboard and buttons: a 16-deep queue of key codes, held and newly pressed buttons.

Ports: KEY (reading pops the oldest key, 0 when none; writing empties the queue), KEYCOUNT,
BUTTONS, PRESSED."""

from __future__ import annotations

from collections import deque

from console.machines.b32.devices.device import Device
from console.machines.b32.memmap import KEY_QUEUE_SIZE


class Keyboard(Device):
    SIZE = 4

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

    def start_frame(self) -> None:
        """At a frame's start: PRESSED becomes what went down since the previous frame."""
        self.pressed = self._went_down
        self._went_down = 0

    def read(self, port: int) -> int:
        if port == 0:
            return self.queue.popleft() if self.queue else 0
        return (0, len(self.queue), self.held, self.pressed)[port]

    def peek(self, port: int) -> int:
        if port == 0:
            return self.queue[0] if self.queue else 0
        return self.read(port)

    def write(self, port: int, value: int) -> None:
        if port == 0:
            self.queue.clear()
