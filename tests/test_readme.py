"""README's first two commands stay true: the cart exists, and CI runs the same test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^    (python3 -m venv .*)$", text, flags=re.M)[:2]


def test_readme_opens_with_play_and_test_commands():
    play, test = _commands()
    cart = re.search(r"b32 run (\S+)$", play).group(1)
    assert (ROOT / cart).is_file()
    assert "pip install -e ." in play and "pip install -e '.[test]'" in test


def test_ci_runs_the_readme_test_command():
    test_command = _commands()[1].split("&& ")[-1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    assert "pip install --quiet -e '.[test]'" in "\n".join(ci)


def test_ci_installs_nasm_for_the_lbvm_byte_comparisons():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "command -v nasm" in ci and "need+=(nasm)" in ci and "apt-get install" in ci
