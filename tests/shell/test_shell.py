"""The shell's core replayed headless: browsing, starting and leaving carts, attract mode, the
kiosk's rules (faulting and looping carts, the exit chord), broken carts in the folder."""

from __future__ import annotations

import pytest

from console.machines.b32 import memmap as mm
from console.machines.b32.cart import Cart, write
from console.shell.session import (
    BACK_HOLD_FRAMES,
    EXIT_HOLD_FRAMES,
    LIST_ROWS,
    MENU,
    PLAYING,
    REPEAT_DELAY_FRAMES,
    REPEAT_EVERY_FRAMES,
    STOPPED,
    STOPPED_FRAMES,
    ChordError,
    ShellInput,
    ShellOptions,
    cart_files,
    frames_of,
    parse_chord,
    scan_library,
)
from tests.shell_helpers import AVAILABLE, NAMES, make_library, make_shell, run


@pytest.fixture
def library(tmp_path):
    return make_library(tmp_path / "carts")


def selected(shell):
    return shell.entries[shell.selected].name


def menu_text(shell):
    return "\n".join(shell.menu.screen_lines())


# ---- the library ---------------------------------------------------------------------------------
def test_library_lists_carts_and_sources_with_titles_and_broken_ones_unavailable(library):
    entries = scan_library(library)
    assert [e.name for e in entries] == NAMES
    by_name = {e.name: e for e in entries}
    assert (by_name["echo"].title, by_name["echo"].description) == (
        "Key Echo", "Shows the keys you press")
    assert by_name["hello"].title == "Hello"  # from the .asm's TITLE, assembled in memory
    assert by_name["hello"].path.suffix == ".asm"
    assert not by_name["broken"].available
    assert by_name["broken"].reason == 'not a B32 cart: starts with "NOT", not "B32"'
    assert not by_name["bad"].available
    assert by_name["bad"].reason.startswith("line 2: unknown mnemonic 'FOO'")
    assert [e.name for e in entries if e.available] == AVAILABLE


def test_a_cart_and_its_source_show_once_as_the_cart(tmp_path):
    (tmp_path / "game.asm").write_text("START:\n    END START\n")
    write(tmp_path / "game.b32", Cart(0x1000, 0x1000, b"\x04"))
    (tmp_path / ".hidden.b32").write_bytes(b"B32\0\x10\0\x10\x04")
    (tmp_path / "SHOUT.B32").write_bytes(b"B32\0\x10\0\x10\x04")
    assert [p.name for p in cart_files(tmp_path)] == ["game.b32", "SHOUT.B32"]


def test_bundled_carts_come_first_and_a_folder_is_not_listed_twice(tmp_path, library):
    other = tmp_path / "mine"
    other.mkdir()
    write(other / "zed.b32", Cart(0x1000, 0x1000, b"\x04"))
    entries = scan_library(other, bundled=library)
    assert [e.name for e in entries] == NAMES + ["zed"]
    assert all(e.bundled for e in entries[:-1]) and not entries[-1].bundled
    assert [e.name for e in scan_library(library, bundled=library)] == NAMES


def test_an_unreadable_cart_is_unavailable_not_fatal(tmp_path):
    (tmp_path / "folder.b32").mkdir()  # a folder named like a cart cannot be read as one
    (tmp_path / "empty.asm").write_bytes(b"\xff\xfe")  # not UTF-8
    entries = {e.name: e for e in scan_library(tmp_path)}
    assert entries["folder"].reason == "is a folder, not a cart"
    assert entries["empty"].reason.startswith("line 1: not UTF-8")
    shell = make_shell(tmp_path)
    run(shell, 3, "0:return")
    assert shell.state == MENU and "cannot be played" in shell.message


# ---- the menu ------------------------------------------------------------------------------------
def test_menu_is_drawn_in_text_mode_with_titles_descriptions_and_reasons(library):
    shell = make_shell(library)
    lines = shell.menu.screen_lines()
    assert lines[0].startswith(" B32 CART BROWSER")
    assert lines[0].endswith("8 carts")
    text = menu_text(shell)
    assert "Key Echo" in text and "Shows the keys you press" in text
    assert "unavailable: not a B32 cart" in text
    assert selected(shell) == "count"  # the first cart that can be played
    row = 3 + NAMES.index("count")
    assert "Counter" in lines[row]
    attrs = shell.menu.attribute_lines()
    assert attrs[row][2 * 4 : 2 * 5] == "70"  # the selected row: black on light grey
    assert attrs[3][2 * 4 : 2 * 5] == "18"  # an unavailable title: dark grey on blue
    assert shell.menu.video.border == 1


def test_arrows_move_and_stop_at_the_ends(library):
    shell = make_shell(library)
    run(shell, 10, "0:down", "2:down", "4:up")
    assert selected(shell) == "crash"
    run(shell, 10, "0:up", "2:up", "4:up", "6:up")
    assert selected(shell) == NAMES[0]  # unavailable entries can be selected (to read why)
    run(shell, 3, "0:right")  # a page down
    assert selected(shell) == NAMES[-1]


def test_a_held_arrow_repeats(library):
    shell = make_shell(library)
    held = REPEAT_DELAY_FRAMES + 2 * REPEAT_EVERY_FRAMES + 1
    run(shell, held + 2, f"0:down:{held}")
    # one on the press, then one after the delay and one more after each period
    assert shell.selected == NAMES.index("count") + 4


def test_a_long_list_scrolls(tmp_path):
    for n in range(40):
        write(tmp_path / f"cart{n:02}.b32", Cart(0x1000, 0x1000, b"\x4f\x0a\x00\x10"))
    shell = make_shell(tmp_path)
    run(shell, 60, *[f"{2 * n}:down" for n in range(25)])
    assert selected(shell) == "cart25"
    assert shell.top == 25 - LIST_ROWS + 1
    lines = shell.menu.screen_lines()
    assert "cart25" in lines[3 + LIST_ROWS - 1]
    assert lines[3][78] == "\u2191"  # more above (an arrow glyph)
    assert lines[3 + LIST_ROWS - 1][78] == "\u2193"  # more below (glyph $19)


def test_an_empty_folder_says_so(tmp_path):
    shell = make_shell(tmp_path)
    assert "No carts here." in menu_text(shell)
    run(shell, 5, "0:return", "2:down")
    assert shell.state == MENU


# ---- browsing: start, play, come back ------------------------------------------------------------
def test_enter_starts_the_cart_and_f10_comes_back_with_the_selection_kept(library):
    shell = make_shell(library)
    run(shell, 20, "0:down", "2:down", "4:return", types=("8:hi",))
    assert shell.state == PLAYING and shell.playing.name == "echo"
    assert shell.screen is shell.machine
    assert shell.machine.screen_lines()[0].startswith("hi")  # the cart got the typed keys
    assert shell.machine.mem[mm.SCREEN] != mm.KEY_ENTER  # not the Enter that started it
    run(shell, 5, "0:f10")
    assert shell.state == MENU and shell.screen is shell.menu
    assert selected(shell) == "echo"
    run(shell, 5, "0:space")  # A starts too
    assert shell.state == PLAYING and shell.playing.name == "echo"
    assert shell.machine.screen_lines()[0] == ""  # started afresh


def test_escape_held_a_second_comes_back_but_a_tap_goes_to_the_cart(library):
    shell = make_shell(library)
    run(shell, 10, "0:down", "1:down", "3:return")
    run(shell, 30, "0:escape:20")
    assert shell.state == PLAYING
    assert shell.machine.mem[mm.SCREEN] == mm.KEY_ESCAPE  # the cart saw the tap
    run(shell, BACK_HOLD_FRAMES + 5, f"0:escape:{BACK_HOLD_FRAMES + 3}")
    assert shell.state == MENU and selected(shell) == "echo"
    assert any("escape held" in line for line in shell.log)
    assert not shell.finished  # the hold carried on into the menu, but was not a new press


def test_escape_in_the_browser_menu_quits(library):
    shell = make_shell(library)
    run(shell, 5, "2:escape")
    assert shell.finished and shell.exit_reason == "quit"


def test_ctrl_q_quits_the_browser(library):
    shell = make_shell(library)
    run(shell, 5, "0:ctrl:4", "1:q")
    assert shell.finished and shell.exit_reason == "quit"


def test_a_gamepad_alone_browses_and_starts(library):
    shell = make_shell(library)
    shell.step(ShellInput(down=mm.BUTTON_DOWN, buttons=mm.BUTTON_DOWN))
    shell.step(ShellInput(up=mm.BUTTON_DOWN))
    shell.step(ShellInput(down=mm.BUTTON_START, buttons=mm.BUTTON_START))
    assert shell.state == PLAYING and shell.playing.name == "crash"


def test_browser_reset_and_pause(library):
    shell = make_shell(library)
    run(shell, 12, "0:return")  # the counter
    count = shell.machine.mem[mm.SCREEN]
    run(shell, 10, "0:f6")
    assert shell.paused and shell.machine.mem[mm.SCREEN] == count
    assert "paused" in shell.status
    run(shell, 3, "0:f6", "1:f5")
    assert not shell.paused and shell.machine.mem[mm.SCREEN] in (0x21, 0x22)


def test_a_halted_cart_in_the_browser_waits_for_a_key(library):
    shell = make_shell(library)
    shell.selected = NAMES.index("stop")
    run(shell, 600, "0:return")
    assert shell.state == STOPPED
    assert shell.status == "Stopper: halted (END) - press a key for the menu"
    assert shell.machine.screen_lines()[0] == "S"  # its last screen stays to be read
    run(shell, 3, "0:x")
    assert shell.state == MENU and selected(shell) == "stop"


def test_replays_are_exact(library):
    def session():
        shell = make_shell(library, kiosk=True, attract_frames=30, switch_frames=50)
        run(shell, 400, "0:down", "5:return", "40:f10", "100:up", types=("10:abc",))
        return shell.state_dict()

    assert session() == session()


# ---- kiosk: attract mode -------------------------------------------------------------------------
def test_attract_starts_after_idle_and_switches_in_turn(library):
    shell = make_shell(library, kiosk=True, attract_frames=60, switch_frames=100)
    run(shell, 59)
    assert shell.state == MENU
    run(shell, 1)
    assert shell.state == PLAYING and shell.attract and shell.playing.name == "count"
    assert shell.status == "DEMO: Counter - press any key to play"
    run(shell, 100)
    assert shell.playing.name == "crash"  # switched after 100 frames
    assert selected(shell) == "crash"
    # crash faults at once; after showing why, attract carries on with the next cart
    run(shell, 2)
    assert shell.state == STOPPED and shell.attract
    run(shell, STOPPED_FRAMES)
    assert shell.state == PLAYING and shell.attract and shell.playing.name == "echo"
    demos = [line.split()[-1] for line in shell.log if " demo " in line]
    assert demos == ["count", "crash", "echo"]


def test_attract_skips_unavailable_carts_and_wraps(library):
    shell = make_shell(library, kiosk=True, attract_frames=10, switch_frames=20)
    shell.selected = NAMES.index("spin")
    run(shell, 11 + 20 + 2 + STOPPED_FRAMES + 1)
    demos = [line.split()[-1] for line in shell.log if " demo " in line]
    assert demos[:3] == ["spin", "stop", "count"]  # past bad and broken


def test_input_during_attract_hands_the_cart_to_the_player(library):
    shell = make_shell(library, kiosk=True, attract_frames=60, switch_frames=100)
    shell.selected = NAMES.index("echo")
    run(shell, 80)
    assert shell.attract and shell.playing.name == "echo"
    run(shell, 200, "0:k")
    assert shell.state == PLAYING and not shell.attract and shell.playing.name == "echo"
    assert shell.machine.screen_lines()[0] == "k"  # the cart kept running, and got the key
    assert shell.status == ""
    assert any("player took over echo" in line for line in shell.log)


def test_attract_never_starts_in_the_browser_or_when_off(library):
    browser = make_shell(library, attract_frames=10)
    run(browser, 100)
    assert browser.state == MENU
    kiosk = make_shell(library, kiosk=True, attract_frames=0)
    run(kiosk, 1000)
    assert kiosk.state == MENU


def test_input_in_the_menu_restarts_the_idle_count(library):
    shell = make_shell(library, kiosk=True, attract_frames=60)
    run(shell, 100, "50:down")
    assert shell.state == MENU
    run(shell, 20)
    assert shell.state != MENU and shell.attract


def test_a_player_who_walks_away_is_timed_out_to_the_menu(library):
    shell = make_shell(library, kiosk=True, attract_frames=0, player_timeout_frames=300)
    run(shell, 250, "0:return", "100:z")
    assert shell.state == PLAYING
    run(shell, 200)
    assert shell.state == MENU


# ---- kiosk: carts that fault, loop or halt ----------------------------------------------------
def test_a_faulting_cart_shows_why_then_the_menu_comes_back_and_the_kiosk_answers(library):
    shell = make_shell(library, kiosk=True)
    shell.selected = NAMES.index("crash")
    run(shell, 10, "0:return")
    assert shell.state == STOPPED
    assert shell.stop_reason.startswith("unknown opcode $00 at $")
    lines = shell.screen.screen_lines()
    assert any("Crash stopped" in line for line in lines)
    assert any("unknown opcode $00" in line for line in lines)
    assert any("Back to the menu in 5 s" in line for line in lines)
    run(shell, STOPPED_FRAMES - 40)
    assert any("Back to the menu in 1 s" in line for line in shell.screen.screen_lines())
    run(shell, 40)
    assert shell.state == MENU and selected(shell) == "crash"
    run(shell, 10, "0:down", "2:return", types=("5:ok",))  # still answers
    assert shell.playing.name == "echo" and shell.machine.screen_lines()[0] == "ok"


def test_a_key_dismisses_the_why_after_a_moment(library):
    shell = make_shell(library, kiosk=True)
    shell.selected = NAMES.index("stop")
    run(shell, 40, "0:return", "10:z")  # too soon: ignored
    assert shell.state == STOPPED and shell.stop_reason == "halted (END)"
    run(shell, 3, "0:z")
    assert shell.state == MENU


def test_a_looping_cart_is_left_with_the_back_key_and_the_kiosk_answers(library):
    shell = make_shell(library, kiosk=True, cycles=20_000)
    shell.selected = NAMES.index("spin")
    run(shell, 200, "0:return", "100:f5", "101:f6")  # the kiosk ignores reset and pause
    assert shell.state == PLAYING and not shell.paused
    assert shell.machine.frames == 199
    run(shell, 3, "0:f10")
    assert shell.state == MENU and selected(shell) == "spin"
    run(shell, 80, "0:return", f"2:escape:{BACK_HOLD_FRAMES}")
    assert shell.state == MENU
    run(shell, 5, "0:up")
    assert selected(shell) == "hello"


def test_the_kiosk_ignores_quit_and_escape_in_the_menu(library):
    shell = make_shell(library, kiosk=True)
    run(shell, 20, "0:escape", "5:ctrl:5", "6:q")
    assert not shell.finished and shell.state == MENU


def test_one_machine_runs_every_cart(library):
    shell = make_shell(library, kiosk=True, attract_frames=5, switch_frames=5)
    machine = shell.machine
    run(shell, 2000)
    assert shell.starts >= 10 and shell.machine is machine


# ---- kiosk: the exit chord -------------------------------------------------------------------
def test_the_exit_chord_held_two_seconds_ends_the_kiosk(library):
    shell = make_shell(library, kiosk=True)
    hold = EXIT_HOLD_FRAMES
    run(shell, 200, f"0:ctrl:{hold}", f"0:alt:{hold}", f"0:shift:{hold}", f"0:q:{hold - 1}")
    assert not shell.finished  # one frame short
    run(shell, 10, "0:q")
    assert not shell.finished  # a fresh press: the count starts again
    run(shell, 200, f"0:ctrl:{hold}", f"0:alt:{hold}", f"0:shift:{hold}", f"0:q:{hold}")
    assert shell.finished and shell.exit_reason == "exit chord"
    assert shell.frame == 200 + 10 + hold - 1


def test_the_exit_chord_works_while_a_looping_cart_runs(library):
    shell = make_shell(library, kiosk=True, cycles=5000,
                       exit_chord=parse_chord("ctrl+shift+f9"))
    shell.selected = NAMES.index("spin")
    hold = EXIT_HOLD_FRAMES
    run(shell, 300, "0:return", f"10:ctrl:{hold}", f"10:shift:{hold}", f"10:f9:{hold}")
    assert shell.finished and shell.status == ""


def test_the_exit_chord_shows_a_countdown(library):
    shell = make_shell(library, kiosk=True)
    run(shell, 30, "0:ctrl:40", "0:alt:40", "0:shift:40", "0:q:40")
    assert shell.status == "Keep holding the exit chord: 2 s"


@pytest.mark.parametrize("text, names", [
    ("ctrl+alt+shift+q", {"ctrl", "alt", "shift", "q"}),
    ("Ctrl + F12", {"ctrl", "f12"}),
    ("escape+tab", {"escape", "tab"}),
])
def test_chords_parse(text, names):
    assert parse_chord(text) == names


@pytest.mark.parametrize("text", ["", "ctrl+", "ctrl+meta+q", "+q"])
def test_bad_chords_say_why(text):
    with pytest.raises(ChordError, match="--exit-chord"):
        parse_chord(text)


def test_options_in_frames():
    assert frames_of(60) == 3600
    assert frames_of(0.001) == 1
    assert ShellOptions().switch_frames == 3 * 60 * 60
