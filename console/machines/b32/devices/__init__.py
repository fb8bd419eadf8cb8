"""Devices behind the I/O page: plain data, no pygame (HARDWARE.md section 6). Each is a
``Device`` the machine attaches to the bus at its address (``console.machines.b32.machine``)."""

from console.machines.b32.devices.beeper import Beeper
from console.machines.b32.devices.clock import FrameCounter
from console.machines.b32.devices.device import Device
from console.machines.b32.devices.keyboard import Keyboard
from console.machines.b32.devices.rng import Random
from console.machines.b32.devices.video import Video

__all__ = ["Beeper", "Device", "FrameCounter", "Keyboard", "Random", "Video"]
