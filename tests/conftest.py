"""Test-wide settings: pygame never opens a real window or audio device in tests."""

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


# ---- golden files --------------------------------------------------------------------------------
import pytest  # noqa: E402

TESTS = Path(__file__).parent
UPDATE_GOLDEN = "B32_UPDATE_GOLDEN"


@pytest.fixture
def golden():
    """``golden(name, text)``: ``text`` must equal the file ``tests/NAME``. With
    ``B32_UPDATE_GOLDEN=1`` in the environment the file is (re)written instead and the test is
    skipped, not passed: review the diff, then run again without it."""

    def check(name: str, text: str) -> None:
        path = TESTS / name
        if os.environ.get(UPDATE_GOLDEN):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            pytest.skip(f"wrote {path.relative_to(TESTS)} ({UPDATE_GOLDEN} is set)")
        assert path.exists(), f"{path} missing: run with {UPDATE_GOLDEN}=1"
        assert text == path.read_text(encoding="utf-8"), f"differs from {name}"

    return check
