"""Screenshot names, never overwriting, the folder fallback, and headless --screenshot."""

import os
from datetime import datetime

import pygame
import pytest

from console import commands as cli
from console.frontend import screenshot as shot
from console.machines.b32.cart import write
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import demo_cart

WHEN = datetime(2025, 3, 7, 9, 5, 1)


def surface():
    s = pygame.Surface((640, 400), 0, 32)
    s.fill((0, 0, 170))
    return s


def test_names_are_cart_date_time_then_numbered():
    names = shot.candidate_names("snake", WHEN)
    assert [next(names) for _ in range(3)] == [
        "snake-20250307-090501.png", "snake-20250307-090501-2.png", "snake-20250307-090501-3.png"]


def test_odd_cart_names_are_made_safe():
    assert shot.safe_name("my cart/../x") == "my_cart_.._x"
    assert shot.safe_name("...") == "b32"


def test_several_in_one_second_never_overwrite(tmp_path):
    existing = tmp_path / "snake-20250307-090501-2.png"
    existing.write_bytes(b"keep me")
    paths = [shot.save_png(surface(), tmp_path, "snake", WHEN) for _ in range(3)]
    assert [p.name for p in paths] == [
        "snake-20250307-090501.png", "snake-20250307-090501-3.png", "snake-20250307-090501-4.png"]
    assert existing.read_bytes() == b"keep me"
    image = pygame.image.load(str(paths[0]))
    assert image.get_size() == (640, 400)
    assert image.get_at((5, 5))[:3] == (0, 0, 170)


def test_scale_makes_bigger_pngs(tmp_path):
    path = shot.save_png(surface(), tmp_path, "big", WHEN, scale=3)
    assert pygame.image.load(str(path)).get_size() == (1920, 1200)


def test_default_folder_is_b32_in_pictures_created_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    saver = shot.Screenshots()
    path, note = saver.save(surface(), "demo", WHEN)
    assert path.parent == tmp_path / "Pictures" / "B32"
    assert note == ""


def test_xdg_pictures_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text('XDG_PICTURES_DIR="$HOME/Bilder"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    if os.name == "posix" and os.uname().sysname not in ("Darwin",):
        assert shot.pictures_dir() == tmp_path / "Bilder"


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_falls_back_to_the_current_folder(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    path, note = shot.Screenshots(locked / "B32").save(surface(), "demo", WHEN)
    assert path.parent == here and "current folder" in note


def test_a_folder_that_is_a_file_falls_back_to_the_current_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    path, note = shot.Screenshots(blocker / "B32").save(surface(), "demo", WHEN)
    assert path.parent == tmp_path and "current folder" in note


def test_headless_screenshot_option(tmp_path):
    cart = tmp_path / "demo.b32"
    write(cart, demo_cart())
    out = tmp_path / "final.png"
    status = cli.main(["run", str(cart), "--headless", "--frames", "3", "--screenshot", str(out),
                       "--screenshot-scale", "2"])
    assert status == 0
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 800)
    assert image.get_at((0, 0))[:3] == (0, 0, 0)


def test_headless_screenshot_into_a_missing_folder_is_a_one_line_error(tmp_path, capsys):
    cart = tmp_path / "demo.b32"
    write(cart, demo_cart())
    status = cli.main(["run", str(cart), "--headless", "--frames", "1",
                       "--screenshot", str(tmp_path / "nope" / "x.png")])
    assert status == cli.EX_CANTCREAT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


def test_headless_screenshot_without_the_font_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    from console.frontend import font as font_module

    monkeypatch.setattr(font_module, "DEFAULT_FONT", tmp_path / "gone.bin")
    cart = tmp_path / "demo.b32"
    write(cart, demo_cart())
    status = cli.main(["run", str(cart), "--headless", "--frames", "1",
                       "--screenshot", str(tmp_path / "x.png")])
    assert status == cli.EX_IOERR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gone.bin" in err
