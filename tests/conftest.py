"""Test-wide settings: pygame never opens a real window or audio device in tests."""

import itertools
import os
import sys
from pathlib import Path

# Where bytecode writing is switched off (PYTHONDONTWRITEBYTECODE, as some CI images set it),
# every test process and every `b32` it starts would compile the package, and pytest would
# rewrite the tests' asserts, from source each time: seconds of every run. The tests keep
# their bytecode under .pytest_cache instead, never beside the sources.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix

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


_TESTS_RUN = itertools.count()


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path_factory, monkeypatch):
    """Cart saves and save states of windows opened by tests go to a temporary folder of the
    test's own, never the person's (platformdirs reads XDG_DATA_HOME). The folder is made
    only if the test writes there, as the console makes it on a new machine."""
    folder = tmp_path_factory.getbasetemp() / "xdg-data" / str(next(_TESTS_RUN))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))


class _PromptPacer:
    """A window clock that is never late and never sleeps: a window test's frames follow its
    ticks one to one, however loaded the machine running the tests is. The real clock's
    deadlines and catch-up are tested with an injected clock (tests/frontend/test_pacing.py)
    and measured in bench/window_bench.py."""

    def __init__(self, fps: float = 60.0) -> None:
        self.dropped = 0

    def start(self) -> None:
        pass

    def wait(self) -> int:
        return 1


@pytest.fixture(autouse=True)
def _prompt_window_clock(monkeypatch):
    """Windows opened in this process (``b32 run``, browse, kiosk through ``main``) run their
    frames back to back on the prompt clock above."""
    from console.frontend import window

    monkeypatch.setattr(window, "Pacer", _PromptPacer)
