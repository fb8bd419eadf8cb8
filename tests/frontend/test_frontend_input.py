"""pygame events mapped to plain key codes, button bits and console actions."""

import pygame
import pytest

from console.frontend import input as inp
from console.machines.b32 import memmap as mm
from console.machines.b32.machine import Machine
from tests import frontend_helpers  # noqa: F401


def key(kind, k, mod=0):
    return pygame.event.Event(kind, key=k, mod=mod)


def down(k, mod=0):
    return key(pygame.KEYDOWN, k, mod)


def up(k, mod=0):
    return key(pygame.KEYUP, k, mod)


def text(t):
    return pygame.event.Event(pygame.TEXTINPUT, text=t)


@pytest.mark.parametrize("k,code,bits", [
    (pygame.K_UP, 0x11, mm.BUTTON_UP), (pygame.K_DOWN, 0x12, mm.BUTTON_DOWN),
    (pygame.K_LEFT, 0x13, mm.BUTTON_LEFT), (pygame.K_RIGHT, 0x14, mm.BUTTON_RIGHT),
    (pygame.K_RETURN, 0x0D, mm.BUTTON_START), (pygame.K_KP_ENTER, 0x0D, mm.BUTTON_START),
    (pygame.K_TAB, 0x09, mm.BUTTON_SELECT), (pygame.K_BACKSPACE, 0x08, 0),
    (pygame.K_DELETE, 0x7F, 0), (pygame.K_ESCAPE, 0x1B, 0),
])
def test_special_keys_queue_their_code_and_hold_their_buttons(k, code, bits):
    mapped = inp.map_event(down(k))
    assert mapped.codes == bytes([code])
    assert mapped.buttons == bits
    assert mapped.action is None
    released = inp.map_event(up(k))
    if bits:
        assert released.codes == b"" and released.buttons == 0
        assert released.source == mapped.source
    else:
        assert released is None


@pytest.mark.parametrize("k,bits", [
    (pygame.K_SPACE, mm.BUTTON_A), (pygame.K_z, mm.BUTTON_A), (pygame.K_x, mm.BUTTON_B)])
def test_typing_keys_hold_buttons_but_their_character_comes_from_text_input(k, bits):
    mapped = inp.map_event(down(k))
    assert mapped.codes == b"" and mapped.buttons == bits


def test_plain_letters_queue_nothing_on_keydown():
    assert inp.map_event(down(pygame.K_a)) is None
    assert inp.map_event(down(pygame.K_5)) is None


def test_text_input_is_code_page_437():
    assert inp.map_event(text("aZ ")).codes == b"aZ "
    assert inp.map_event(text("é")).codes == b"\x82"
    assert inp.map_event(text("\u20ac")) is None  # no cp437 code: nothing queued


@pytest.mark.parametrize("event,action", [
    (down(pygame.K_F11), inp.FULLSCREEN), (down(pygame.K_RETURN, pygame.KMOD_LALT), inp.FULLSCREEN),
    (down(pygame.K_F12), inp.SCREENSHOT), (down(pygame.K_F5), inp.RESET),
    (down(pygame.K_F6), inp.PAUSE), (down(pygame.K_q, pygame.KMOD_LCTRL), inp.QUIT),
    (pygame.event.Event(pygame.QUIT), inp.QUIT), (down(pygame.K_F7), "f7"),
    (down(pygame.K_F10), "f10"), (pygame.event.Event(pygame.WINDOWFOCUSLOST), inp.RELEASE_ALL),
])
def test_console_keys_are_actions_not_cart_input(event, action):
    mapped = inp.map_event(event)
    assert mapped.action == action
    assert mapped.codes == b"" and mapped.source is None


def test_escape_goes_to_the_cart():
    assert inp.map_event(down(pygame.K_ESCAPE)).codes == b"\x1b"


def feed(machine, tracker, events):
    for event in events:
        mapped = inp.map_event(event)
        if mapped is not None:
            inp.feed(machine, *inp.edges(mapped, tracker))


def test_two_presses_between_frames_are_both_seen():
    machine = Machine()
    tracker = inp.ButtonTracker()
    feed(machine, tracker, [down(pygame.K_LEFT), up(pygame.K_LEFT),
                            down(pygame.K_RIGHT), up(pygame.K_RIGHT),
                            down(pygame.K_SPACE), text(" "), up(pygame.K_SPACE)])
    kb = machine.keyboard
    assert list(kb.queue) == [0x13, 0x14, 0x20]
    assert kb.held == 0
    kb.start_frame()  # what the next frame sees in PRESSED
    assert kb.pressed == mm.BUTTON_LEFT | mm.BUTTON_RIGHT | mm.BUTTON_A


def test_a_button_held_by_two_keys_stays_down_until_both_are_up():
    machine = Machine()
    tracker = inp.ButtonTracker()
    feed(machine, tracker, [down(pygame.K_SPACE), down(pygame.K_z), up(pygame.K_SPACE)])
    assert machine.keyboard.held == mm.BUTTON_A
    feed(machine, tracker, [up(pygame.K_z)])
    assert machine.keyboard.held == 0


def test_gamepad_feeds_the_same_button_bits():
    machine = Machine()
    tracker = inp.ButtonTracker()
    pad = 3
    events = [
        pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, instance_id=pad,
                           button=pygame.CONTROLLER_BUTTON_A),
        pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, instance_id=pad,
                           button=pygame.CONTROLLER_BUTTON_START),
        pygame.event.Event(pygame.CONTROLLERAXISMOTION, instance_id=pad,
                           axis=pygame.CONTROLLER_AXIS_LEFTX, value=-30000),
    ]
    feed(machine, tracker, events)
    assert machine.keyboard.held == mm.BUTTON_A | mm.BUTTON_START | mm.BUTTON_LEFT
    feed(machine, tracker, [
        pygame.event.Event(pygame.CONTROLLERAXISMOTION, instance_id=pad,
                           axis=pygame.CONTROLLER_AXIS_LEFTX, value=100),
        pygame.event.Event(pygame.CONTROLLERBUTTONUP, instance_id=pad,
                           button=pygame.CONTROLLER_BUTTON_A)])
    assert machine.keyboard.held == mm.BUTTON_START
    assert machine.keyboard.queue == type(machine.keyboard.queue)()  # pads queue no keys


def test_plain_joystick_hat_axes_and_buttons():
    hat = inp.map_event(pygame.event.Event(pygame.JOYHATMOTION, instance_id=0, hat=0,
                                           value=(1, 1)))
    assert hat.buttons == mm.BUTTON_RIGHT | mm.BUTTON_UP
    axis = inp.map_event(pygame.event.Event(pygame.JOYAXISMOTION, instance_id=0, axis=1,
                                            value=0.9))
    assert axis.buttons == mm.BUTTON_DOWN
    button = inp.map_event(pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=0, button=7))
    assert button.buttons == mm.BUTTON_START
    # a pad opened as a game controller: its raw joystick events are ignored
    assert inp.map_event(pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=0, button=0),
                         controller_ids={0}) is None


def test_releasing_everything_when_focus_is_lost_or_a_pad_goes():
    tracker = inp.ButtonTracker()
    tracker.set(("key", 1), mm.BUTTON_A)
    tracker.set(("pad", 2, "button", 0), mm.BUTTON_B)
    assert tracker.release(pad=2) == (0, mm.BUTTON_B)
    assert tracker.release() == (0, mm.BUTTON_A)
    assert tracker.held == 0
