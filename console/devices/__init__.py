"""Devices behind the I/O page: plain data, no pygame (HARDWARE.md section 6)."""

from console.devices.beeper import Beeper
from console.devices.keyboard import Keyboard
from console.devices.rng import Random
from console.devices.video import Video

__all__ = ["Beeper", "Keyboard", "Random", "Video"]
