"""LBVM in the console's one table of machines (console/machines/kinds.py) and through the
shared output writer and bounded reader that main brought."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from console import commands as cli
from console.machines import MACHINES, create, display_name, kind_of, program_suffix
from console.machines.kinds import KINDS, cart_suffixes, load_file
from console.machines.lbvm.machine import Machine as LbvmMachine
from console.shell.session import Shell, ShellOptions, load_entry

CARTS = Path(__file__).resolve().parents[2] / "carts" / "lbvm"


def b32(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_table_answers_every_question():
    assert [kind.key for kind in KINDS] == list(MACHINES) == ["b32", "lbvm"]
    assert ".lbvm" in cart_suffixes()
    assert (program_suffix("lbvm"), display_name("lbvm")) == (".lbvm", "LBVM")
    assert isinstance(create("lbvm", 1234), LbvmMachine)
    assert create("lbvm", 1234).cycles_per_frame == 1234


def test_a_source_including_instructions_asm_is_lbvm_whatever_its_suffix(tmp_path):
    for name in ("prog.asm", "prog.nasm", "prog.s"):
        shutil.copy(CARTS / "count.asm", tmp_path / name)
        assert kind_of(tmp_path / name) == "lbvm"
    b32_source = tmp_path / "b.asm"
    b32_source.write_text("  HALT\n")
    assert kind_of(b32_source) == "b32"
    kind, program = load_file(tmp_path / "prog.asm")
    assert kind.name == "LBVM" and program.data == (CARTS / "count.lbvm").read_bytes()


def test_a_fifo_named_like_a_source_is_not_read_to_tell_its_machine(tmp_path):
    fifo = tmp_path / "pipe.asm"
    os.mkfifo(fifo)
    assert kind_of(fifo) == "b32"  # returns at once: the reader refuses a FIFO


def test_dropping_an_lbvm_program_on_the_browser_plays_it_on_lbvm(tmp_path):
    shutil.copy(CARTS / "count.lbvm", tmp_path / "count.lbvm")
    shell = Shell([load_entry(CARTS / "call.lbvm", True)], ShellOptions())
    assert shell.open_file(tmp_path / "count.lbvm")
    assert isinstance(shell.machine, LbvmMachine)
    assert shell.playing.machine == "lbvm"


def test_output_goes_through_the_writer_and_never_over_an_input(capsys, tmp_path):
    program = tmp_path / "count.lbvm"
    shutil.copy(CARTS / "count.lbvm", program)
    before = program.read_bytes()
    code, _, err = b32(capsys, "run", program, "--headless", "--frames", "3", "--output",
                       program)
    assert code == 64 and "would overwrite the input" in err and len(err.splitlines()) == 1
    assert program.read_bytes() == before
    code, _, err = b32(capsys, "run", program, "--headless", "--frames", "3", "--output",
                       tmp_path)
    assert code != 0 and err.count("\n") == 1 and program.read_bytes() == before


def test_a_failing_run_leaves_no_output_file(capsys, tmp_path):
    out = tmp_path / "printed.txt"
    code, _, _ = b32(capsys, "run", CARTS / "count.lbvm", "--headless", "--frames", "3",
                     "--output", out, "--dump-state", tmp_path / "no" / "state.json")
    assert code != 0 and not out.exists()


def test_asm_writes_lbvm_symbols_beside_the_program_by_default(capsys, tmp_path):
    source = tmp_path / "count.asm"
    shutil.copy(CARTS / "count.asm", source)
    code, out, _ = b32(capsys, "asm", source)
    assert code == 0 and out == f"{tmp_path / 'count.lbvm'}: 29 bytes (LBVM)\n"
    assert (tmp_path / "count.sym").read_text() == "loop $000C\n"
    code, _, err = b32(capsys, "asm", source, "--origin", "2000")
    assert code == 64 and "--origin is for B32" in err


@pytest.mark.parametrize("size", [(1 << 20) + 1])
def test_an_lbvm_source_too_big_is_refused_by_the_bounded_reader(capsys, tmp_path, size):
    source = tmp_path / "big.asm"
    source.write_bytes(b'%include "instructions.asm"\n' + b";" * size)
    code, _, err = b32(capsys, "run", source, "--headless", "--machine", "lbvm")
    assert code == 65 and "too big" in err and len(err.splitlines()) == 1


def test_an_lbvm_source_in_a_browsed_folder_includes_nothing_outside_it(tmp_path):
    """A kiosk folder is untrusted: %include reaches only files inside the folder shown, so a
    source cannot put another file's text on the cabinet's screen."""
    from console.machines.base import CartError
    from console.machines.lbvm import program

    secret = tmp_path / "secret.asm"
    secret.write_text("TOKEN-1234\n")
    folder = tmp_path / "carts"
    folder.mkdir()
    source = folder / "peek.asm"
    source.write_text('%include "instructions.asm"\n%include "../secret.asm"\n')
    with pytest.raises(CartError) as err:
        program.read(source, root=folder)
    assert "outside the folder carts" in str(err.value) and "TOKEN" not in str(err.value)
    inside = folder / "part.asm"
    inside.write_text("lbSET r0, 1\n")
    source.write_text('%include "instructions.asm"\n%include "part.asm"\n')
    assert program.read(source, root=folder).data == bytes([0x03, 0x00, 0x01, 0x00])
