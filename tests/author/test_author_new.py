"""``b32 new NAME [--template ...]``: each template assembles and runs 60 headless frames without
a fault, shows its title, answers the buttons, and an existing file is never overwritten."""

import json
import tomllib
from pathlib import Path

import pytest

from console import commands as cli
from console.author.new import TEMPLATES, template_text
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble_file
from console.machines.b32.cart import cart_info
from console.machines.b32.machine import Machine


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_assembles_and_runs_60_frames(template, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "mygame", "--template", template]) == 0
    assert capsys.readouterr().out == (f"mygame.asm: a new {template} cart; run it with:  "
                                       "b32 watch mygame.asm\n")
    text = (tmp_path / "mygame.asm").read_text()
    assert "__NAME__" not in text and text.startswith("; mygame.asm - ")
    assembly = assemble_file(tmp_path / "mygame.asm")
    assert cart_info(assembly.cart)[0] == "mygame"
    for word in ("WAIT", "BUTTONS", "TONE"):
        assert f" {word}" in text, f"the {template} template has no {word}"
    machine = Machine(seed=1)
    machine.load(assembly.cart)
    tones = set()
    for frame in range(60):
        if frame == 20:
            machine.button_down(mm.BUTTON_A | mm.BUTTON_START | mm.BUTTON_RIGHT)
        machine.run_frame()
        tones.add(machine.beeper.frequency)
        assert machine.fault is None and not machine.halted
    assert "mygame" in machine.screen_lines()[0]
    assert tones - {0}, "pressing the buttons made no sound"


def test_the_headless_run_of_a_new_cart_exits_0(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "pong"]) == 0  # the game template by default
    assert cli.main(["run", "pong.asm", "--headless", "--frames", "60", "--press", "5:right:30",
                     "--dump-state", "-"]) == 0
    state = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert state["fault"] is None and state["screen"][0].strip() == "pong"
    assert "@" in state["screen"][12][41:]  # the player moved right


def test_new_refuses_to_overwrite_and_bad_names(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.asm").write_text("my work\n")
    assert cli.main(["new", "mine"]) == 73
    assert cli.main(["new", "mine.asm", "--template", "blank"]) == 73
    assert (tmp_path / "mine.asm").read_text() == "my work\n"
    err = capsys.readouterr().err
    assert err == "b32 new: mine.asm already exists; nothing written (choose another name)\n" * 2
    assert cli.main(["new", 'bad"name']) == 64
    assert "is not a cart name" in capsys.readouterr().err
    assert cli.main(["new", "x", "--template", "nope"]) == 64
    assert cli.main(["new", "nofolder/x"]) == 73
    assert capsys.readouterr().err.endswith("the folder nofolder does not exist\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.asm"]


def test_templates_and_symbols_are_installed():
    """A regular install carries the templates (package data) and the bundled carts' .sym files
    (data files); checked by listing a built wheel too, see the issue-15 report."""
    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-data"]["console.templates"] == ["*.asm"]
    assert "carts/*.sym" in config["setuptools"]["data-files"]["share/b32/carts"]
    for template in TEMPLATES:
        assert "__NAME__" in template_text(template)
        assert (root / "console" / "templates" / f"{template}.asm").is_file()


def test_watch_is_run_watch_and_its_argument_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["watch", "nope.asm"]) == 66
    assert capsys.readouterr().err == "b32: nope.asm: no such file\n"
    (tmp_path / "game.asm").write_text(" END\n")
    assert cli.main(["watch", "game.asm", "--headless"]) == 64
    assert capsys.readouterr().err == "b32 run: --watch needs a window (leave out --headless)\n"
    assert cli.main(["run", "game.asm", "--keep-ram"]) == 64
    assert capsys.readouterr().err == "b32 run: --keep-ram needs --watch\n"
    args = cli.build_parser().parse_args(["watch", "game.asm", "--keep-ram"])
    assert args.watch and args.keep_ram and args.cart == "game.asm"
