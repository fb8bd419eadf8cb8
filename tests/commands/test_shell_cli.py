"""``b32 browse`` and ``b32 kiosk`` headless: whole sessions replayed from the command line, and
errors as one line with a sysexits code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from console import commands as cli
from tests.shell_helpers import make_library


@pytest.fixture
def library(tmp_path):
    return make_library(tmp_path / "carts")


def b32(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_browse_session_start_play_and_come_back(capsys, library):
    code, out, err = b32(capsys, "browse", library, "--no-bundled", "--headless",
                         "--frames", "40", "--press", "0:down", "--press", "2:down",
                         "--press", "4:return", "--type", "6:hi", "--dump-screen", "-")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "hi"  # the echo cart's screen
    code, out, err = b32(capsys, "browse", library, "--no-bundled", "--headless",
                         "--frames", "40", "--press", "0:down", "--press", "2:down",
                         "--press", "4:return", "--press", "20:f10", "--dump-state", "-")
    state = json.loads(out)
    assert (code, state["state"], state["selected"]) == (0, "menu", "echo")
    assert state["screen"][0].startswith(" B32 CART BROWSER")
    assert state["log"] == ["4: start echo", "20: back: echo -> menu"]


def test_kiosk_session_attract_fault_and_chord(capsys, library):
    argv = ["kiosk", library, "--no-bundled", "--headless", "--frames", "2000",
            "--attract", "1", "--switch", "0.05", "--dump-state", "-"]
    chord = [f"--press=1500:{key}:120" for key in ("ctrl", "alt", "shift", "q")]
    code, out, err = b32(capsys, *argv, *chord)
    state = json.loads(out)
    assert (code, err) == (0, "")
    assert state["finished"] and state["exit_reason"] == "exit chord"
    assert state["frames"] == 1500 + 119
    demos = [line.split()[-1] for line in state["log"] if " demo " in line]
    assert demos[:3] == ["count", "crash", "echo"]
    assert any("stopped crash: unknown opcode $00" in line for line in state["log"])


def test_kiosk_never_fails_because_of_a_cart(capsys, library):
    code, out, err = b32(capsys, "kiosk", library, "--no-bundled", "--headless",
                         "--frames", "120", "--press", "0:down", "--press", "1:return",
                         "--dump-screen", "-")
    assert code == 0
    assert "unknown opcode $00" in out


def test_browse_with_no_arguments_is_the_default_command(monkeypatch):
    seen = []
    monkeypatch.setattr("console.commands.browse.run", lambda args: seen.append(args) or 0)
    assert cli.main([]) == 0
    assert seen[0].command == "browse" and seen[0].folder is None


@pytest.mark.parametrize("argv, code, message", [
    (["browse", "{missing}", "--headless"], 66, "no such folder"),
    (["kiosk", "{missing}", "--headless"], 66, "no such folder"),
    (["browse", "{file}", "--headless"], 66, "not a folder"),
    (["browse", "{dir}", "--headless", "--press", "1:hyper"], 64, "unknown key 'hyper'"),
    (["browse", "{dir}", "--dump-screen", "-"], 64, "--dump-screen needs --headless"),
    (["kiosk", "{dir}", "--headless", "--exit-chord", "ctrl+meta"], 64, "unknown key 'meta'"),
    (["kiosk", "{dir}", "--headless", "--attract", "-1"], 64, "--attract"),
    (["kiosk", "{dir}", "--headless", "--switch", "0"], 64, "--switch"),
    (["kiosk", "{dir}", "--headless", "--switch", "nan"], 64, "--switch"),
])
def test_bad_input_is_one_line_and_a_sysexits_code(capsys, tmp_path, argv, code, message):
    (tmp_path / "file.txt").write_text("x")
    names = {"missing": tmp_path / "nope", "file": tmp_path / "file.txt", "dir": tmp_path}
    got, out, err = b32(capsys, *[a.format(**names) for a in argv])
    assert got == code
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_headless_screenshot(capsys, library, tmp_path):
    shot = tmp_path / "menu.png"
    code, out, err = b32(capsys, "browse", library, "--no-bundled", "--headless", "--frames",
                         "2", "--screenshot", shot)
    assert code == 0 and shot.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow  # a whole program in a subprocess
def test_headless_replays_never_import_pygame(library):
    program = (
        "import sys\n"
        "from console import commands as cli\n"
        f"code = cli.main(['kiosk', {str(library)!r}, '--headless', '--frames', '300', "
        "'--attract', '1', '--press', '100:f10'])\n"
        "assert code == 0, code\n"
        "assert 'pygame' not in sys.modules, 'pygame was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
