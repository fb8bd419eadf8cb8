"""Devices behind the I/O page: plain data, no pygame (HARDWARE.md section 6)."""

from console.machines.b32.devices.beeper import Beeper
from console.machines.b32.devices.keyboard import Keyboard
from console.machines.b32.devices.rng import Random
from console.machines.b32.devices.sound import SoundChip
from console.machines.b32.devices.video import Video

__all__ = ["Beeper", "Keyboard", "Random", "SoundChip", "Video"]
