"""The B32 machine's snapshot: everything that decides what it does next, as bytes
(``Machine.snapshot`` / ``Machine.restore``; the file around it is ``console.machines.states``).

    offset  size    content
    0       4       "B32M"
    4       1       SNAPSHOT_VERSION
    5       4       n: length of the JSON part (little-endian)
    9       n       JSON: the CPU registers and flags, halted and fault, frames, cycles, the
                    cycle budget, and each device's fields
    9+n     65536   the memory, $0000-$FFFF (the I/O page's bytes are unused RAM)

A device's fields are its plain attributes (numbers, strings, None, the key queue, lists of
such, and lists of parts that have such fields, like the sound chip's voices): a device added
to the machine is in the snapshot without a line here. What is not plain, and what a device
names in ``NOT_STATE`` (the memory it shares, the save slot, the cart's save as kept on disk),
is not machine state and stays as it is.
"""

from __future__ import annotations

import json
import struct
from collections import deque

from console.machines.b32 import memmap as mm
from console.machines.base import StateError

MAGIC = b"B32M"
SNAPSHOT_VERSION = 1
_CPU_FIELDS = ("a", "b", "x", "y", "s", "pc", "f", "cf", "halted", "fault")
_HEAD = struct.Struct("<4sBI")


def _plain(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _has_fields(value) -> bool:
    return hasattr(value, "__dict__") and not isinstance(value, type)


def fields_of(obj) -> dict:
    """The plain attributes of ``obj`` (a device, or a part of one), JSON-ready."""
    out: dict = {}
    skip = getattr(obj, "NOT_STATE", ())
    for name, value in vars(obj).items():
        if name in skip:
            continue
        if _plain(value):
            out[name] = value
        elif isinstance(value, (deque, list, tuple)):
            items = list(value)
            if all(_plain(item) for item in items):
                out[name] = items
            elif all(_has_fields(item) for item in items):
                out[name] = [fields_of(item) for item in items]
    return out


def _check_fields(obj, saved, where: str) -> None:
    """Raise StateError unless ``saved`` has exactly ``obj``'s fields, each of the same kind."""
    mine = fields_of(obj)
    if not isinstance(saved, dict) or set(saved) != set(mine):
        raise StateError(f"a state of another format ({where} differs)")
    for name, value in mine.items():
        theirs = saved[name]
        if isinstance(value, list):
            if not isinstance(theirs, list):
                raise StateError(f"a state of another format ({where}.{name})")
            current = getattr(obj, name)
            if value and isinstance(value[0], dict):
                if len(theirs) != len(value):
                    raise StateError(f"a state of another format ({where}.{name})")
                for n, part in enumerate(current):
                    _check_fields(part, theirs[n], f"{where}.{name}[{n}]")
            elif not all(isinstance(item, int) for item in theirs):
                raise StateError(f"damaged state ({where}.{name})")
        elif value is not None and theirs is not None and type(theirs) is not type(value):
            raise StateError(f"damaged state ({where}.{name})")


def _set_fields(obj, saved: dict) -> None:
    for name, value in saved.items():
        current = getattr(obj, name)
        if isinstance(current, deque):
            current.clear()
            current.extend(value)
        elif isinstance(current, (list, tuple)) and value and isinstance(value[0], dict):
            for part, part_fields in zip(current, value, strict=True):
                _set_fields(part, part_fields)
        elif isinstance(current, list):
            current[:] = value
        elif isinstance(current, tuple):
            setattr(obj, name, tuple(value))
        else:
            setattr(obj, name, value)


def take(machine) -> bytes:
    """The snapshot of ``machine`` (a ``console.machines.b32.machine.Machine``)."""
    cpu = machine.cpu
    head = {
        "cpu": {name: getattr(cpu, name) for name in _CPU_FIELDS},
        "frames": machine.frames,
        "cycles": machine.total_cycles,
        "budget": machine.cycles_per_frame,
        "devices": {name: fields_of(device) for name, device in machine.devices().items()},
    }
    text = json.dumps(head, separators=(",", ":")).encode("utf-8")
    return _HEAD.pack(MAGIC, SNAPSHOT_VERSION, len(text)) + text + machine.mem


def _parse(data: bytes) -> tuple[dict, memoryview]:
    if len(data) < _HEAD.size or data[:4] != MAGIC:
        raise StateError("not a B32 snapshot")
    _, version, length = _HEAD.unpack_from(data)
    if version != SNAPSHOT_VERSION:
        raise StateError(f"a B32 snapshot of another format ({version}, this console reads "
                         f"{SNAPSHOT_VERSION})")
    if len(data) != _HEAD.size + length + mm.MEMORY_SIZE:
        raise StateError("damaged B32 snapshot (bad length)")
    try:
        head = json.loads(bytes(data[_HEAD.size : _HEAD.size + length]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StateError("damaged B32 snapshot (bad JSON)") from None
    return head, memoryview(data)[_HEAD.size + length :]


def _check(machine, head) -> None:
    if not isinstance(head, dict) or set(head) != {"cpu", "frames", "cycles", "budget",
                                                   "devices"}:
        raise StateError("damaged B32 snapshot (bad fields)")
    cpu = head["cpu"]
    if not isinstance(cpu, dict) or set(cpu) != set(_CPU_FIELDS):
        raise StateError("damaged B32 snapshot (bad CPU)")
    widths = {"a": 0xFF, "b": 0xFF, "f": 0xFF, "cf": 0xFF, "x": 0xFFFF, "y": 0xFFFF,
              "s": 0xFFFF, "pc": 0xFFFF}
    for name, top in widths.items():
        value = cpu[name]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise StateError(f"damaged B32 snapshot (register {name.upper()})")
    if not isinstance(cpu["halted"], bool) or not (cpu["fault"] is None
                                                   or isinstance(cpu["fault"], str)):
        raise StateError("damaged B32 snapshot (halted or fault)")
    for name in ("frames", "cycles", "budget"):
        value = head[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < (name == "budget"):
            raise StateError(f"damaged B32 snapshot ({name})")
    devices = machine.devices()
    saved = head["devices"]
    if not isinstance(saved, dict) or set(saved) != set(devices):
        raise StateError("a B32 snapshot of another format (other devices)")
    for name, device in devices.items():
        _check_fields(device, saved[name], name)


def restore(machine, data: bytes) -> None:
    """Put ``machine`` in the state ``data`` describes; raises StateError (nothing changed)."""
    head, memory = _parse(data)
    _check(machine, head)
    cpu = machine.cpu
    for name in _CPU_FIELDS:
        setattr(cpu, name, head["cpu"][name])
    cpu.stop = None
    cpu.last = None
    machine.frames = head["frames"]
    machine.total_cycles = head["cycles"]
    machine.cycles_per_frame = head["budget"]
    for name, device in machine.devices().items():
        _set_fields(device, head["devices"][name])
    machine.mem[:] = memory
    cpu.flush()  # translations were made from the memory as it was
