"""The kiosk left running: 50,000 frames (about 14 minutes of cabinet time) over good, faulting,
halting and looping carts with visitors now and then ends in the menu, with the same machine and
no memory growth beyond a bound. Figures: ``python bench/shell_soak.py``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from console.shell.session import MENU
from tests.shell_helpers import make_library

GROWTH_BOUND = 2 * 1024 * 1024  # bytes


def _soak_module():
    path = Path(__file__).resolve().parents[2] / "bench" / "shell_soak.py"
    spec = importlib.util.spec_from_file_location("shell_soak", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_kiosk_soak_50000_frames(tmp_path):
    soak = _soak_module()
    result = soak.soak(make_library(tmp_path / "carts"), soak.SOAK_FRAMES)
    shell = result["shell"]
    assert result["frames"] == 50_000
    assert result["state"] == MENU and not result["finished"]
    assert result["same_machine"]
    assert result["growth_bytes"] < GROWTH_BOUND, result
    # every kind of cart ran, more than once
    counts = shell.start_counts
    for name in ("count", "crash", "echo", "hello", "spin", "stop"):
        assert counts.get(name, 0) >= 2, counts
    assert result["stops"] >= 40
    assert len(shell.log) <= 200
    # and the kiosk still answers
    from tests.shell_helpers import run
    run(shell, 5, "0:return")
    assert shell.state != MENU
