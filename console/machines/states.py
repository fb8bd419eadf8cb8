"""Save-state files, for every machine (docs/STATES.md).

A machine makes its own snapshot (``Machine.snapshot()``: bytes only it reads back); this module
wraps one in a file that says what it is, so that a state of another machine, another cart, an
older format or a damaged file is refused with a one-line reason before the machine is touched:

    offset  size  content
    0       8     magic "B32STATE"
    8       2     format version (little-endian), FORMAT_VERSION
    10      2     n: length of the header
    12      n     header: UTF-8 JSON {"machine", "cart", "frames", "size"}
    12+n    ...   the snapshot, compressed with zlib (its own Adler-32 check)

``cart`` is ``Machine.cart_identity()`` (the cart's name and a hash of its bytes: a rebuilt
cart is another program), ``size`` the snapshot's length before compression.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib

from console.machines.base import StateError

MAGIC = b"B32STATE"
FORMAT_VERSION = 1
MAX_STATE_FILE = 1 << 20  # a state is a few KiB; a file this long is not one
MAX_SNAPSHOT = 32 << 20  # LBVM: 1 MiB of memory and up to 16 MiB of printed bytes, and more
COMPRESSION = 6  # state files are written rarely: compress them well


def encode(machine, *, level: int = COMPRESSION) -> bytes:
    """The state file of ``machine`` as it is now."""
    snapshot = machine.snapshot()
    header = json.dumps({"machine": machine.name, "cart": machine.cart_identity(),
                         "frames": machine.frames, "size": len(snapshot)},
                        separators=(",", ":")).encode("utf-8")
    return (MAGIC + struct.pack("<HH", FORMAT_VERSION, len(header)) + header
            + zlib.compress(snapshot, level))


def read_header(blob: bytes) -> tuple[dict, bytes]:
    """(header, compressed snapshot) of a state file; raises StateError."""
    if len(blob) > MAX_STATE_FILE:
        raise StateError("not a state file (too long)")
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise StateError("not a state file")
    version, length = struct.unpack_from("<HH", blob, len(MAGIC))
    if version != FORMAT_VERSION:
        older = "an older" if version < FORMAT_VERSION else "a newer"
        raise StateError(f"a state of {older} format ({version}; this console reads "
                         f"{FORMAT_VERSION})")
    start = len(MAGIC) + 4
    try:
        header = json.loads(blob[start : start + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StateError("damaged state file (bad header)") from None
    if not isinstance(header, dict) or not all(
            isinstance(header.get(k), t) for k, t in
            (("machine", str), ("cart", str), ("frames", int), ("size", int))):
        raise StateError("damaged state file (bad header)")
    return header, blob[start + length :]


def decode(machine, blob: bytes) -> bytes:
    """The snapshot in the state file ``blob``, checked against ``machine`` (its name and cart);
    raises StateError with the reason."""
    header, packed = read_header(blob)
    if header["machine"] != machine.name:
        raise StateError(f"a state of the {header['machine']} machine, not {machine.name}")
    identity = machine.cart_identity()
    if header["cart"] != identity:
        raise StateError(f"a state of another cart ({_cart_name(header['cart'])}), "
                         f"not {_cart_name(identity)}")
    if not 0 < header["size"] <= MAX_SNAPSHOT:
        raise StateError("damaged state file (bad size)")
    try:
        unpacker = zlib.decompressobj()
        snapshot = unpacker.decompress(packed, header["size"] + 1)
    except zlib.error:
        raise StateError("damaged state file (bad compressed data)") from None
    if len(snapshot) != header["size"] or not unpacker.eof or unpacker.unused_data:
        raise StateError("damaged state file (truncated or bad length)")
    return snapshot


def load(machine, blob: bytes) -> None:
    """Put ``machine`` in the state of the file ``blob``; on any StateError it is unchanged."""
    machine.restore(decode(machine, blob))


def identity(name: str, image: bytes) -> str:
    """A cart's identity in a state file (``Machine.cart_identity``): ``NAME HASH``, its name
    and 16 hex digits of the SHA-256 of its image."""
    return f"{name} {hashlib.sha256(image).hexdigest()[:16]}"


def _cart_name(identity: str) -> str:
    return identity.split(" ", 1)[0] or "no cart"
