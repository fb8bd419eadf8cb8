"""The LBVM assembler (LBVM.md section 7): bytes identical to ``nasm -f bin`` with the article's
macro set, checked live when nasm is installed and against committed NASM-built binaries
everywhere; errors name file:line:col and write nothing."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import strategies as st

from console.commands import main
from console.machines.lbvm import isa
from console.machines.lbvm.asm import AsmError, assemble, assemble_file, is_lbvm_source
from tests.depth import property_test

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "tests" / "lbvm_sources"
CARTS = ROOT / "carts" / "lbvm"
ALL_SOURCES = sorted(SOURCES.glob("*.asm")) + sorted(CARTS.glob("*.asm"))
NASM = shutil.which("nasm")


def nasm_bytes(source: Path, tmp_path: Path) -> bytes:
    """What nasm makes of ``source`` with our generated macro file beside it."""
    (tmp_path / "instructions.asm").write_text(isa.macro_file())
    out = tmp_path / "out.bin"
    subprocess.run([NASM, "-f", "bin", "-i", f"{tmp_path}/", str(source), "-o", str(out)],
                   check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.parametrize("source", ALL_SOURCES, ids=lambda p: p.name)
def test_bytes_match_the_committed_nasm_build(source):
    built = source.with_suffix(".nasm.bin") if source.parent == SOURCES else \
        source.with_suffix(".lbvm")
    assert assemble_file(source).data == built.read_bytes()


@pytest.mark.skipif(NASM is None, reason="nasm is not installed")
@pytest.mark.parametrize("source", ALL_SOURCES, ids=lambda p: p.name)
def test_bytes_match_live_nasm(source, tmp_path):
    assert assemble_file(source).data == nasm_bytes(source, tmp_path)


def test_the_articles_programs_assemble_to_the_articles_bytes():
    short = assemble_file(CARTS / "article_short.asm").data
    # the article's hexdump: 03 04 10 00 (lbSET r4, data with data at $10) ...
    assert short[:4] == bytes([0x03, 0x04, 0x10, 0x00])
    assert short.endswith(b"Hello World\n\x00") and len(short) == 29
    assert len(assemble_file(CARTS / "article_long.asm").data) == 125


def test_macro_file_is_generated_from_the_table():
    text = isa.macro_file()
    for op in isa.OPCODES:
        assert f"%macro {op.name} " in text
    assert "%define IP 0x09" in text and "%define SP 0x0a" in text


def test_source_detection():
    assert is_lbvm_source('%include "instructions.asm"\nlbOUT r1\n')
    assert is_lbvm_source("  %INCLUDE 'instructions.asm' ; macros\n")
    assert not is_lbvm_source(" LDA #1\n END\n")


@pytest.mark.parametrize("line,message", [
    ("lbADD r1, 11", "bad register '11' = 11"),
    ("lbADD r1, r9", "r9 is not defined (registers are r0-r8, IP and SP, as written)"),
    ("lbPUSH R1", "R1 is not defined (registers are r0-r8"),
    ("db 256", "256 does not fit a byte"),
    ("db -129", "does not fit a byte"),
    ("lbFOO r1", "'lbFOO' is not an LBVM instruction"),
    ("lbADD r1", "lbADD takes 2 operands, not 1"),
    ("lbSET r1, nowhere", "nowhere is not defined"),
    ("dw 1 +", "expression ends too soon"),
    ("section .text", "is not an LBVM instruction"),
    ("db 1 / 0", "division by zero"),
    ("dw label * 2", "not a number or one address"),
])
def test_errors_name_the_line_and_column(line, message):
    with pytest.raises(AsmError) as err:
        assemble(f'%include "instructions.asm"\nlabel:\n{line}\n', "x.asm")
    assert err.value.errors[0].startswith("x.asm:3:")
    assert message in err.value.errors[0]


def test_a_jump_too_far_is_an_error():
    text = '%include "instructions.asm"\nlbJZ far\ntimes 40000 db 0\nfar:\n'
    with pytest.raises(AsmError) as err:
        assemble(text, "far.asm")
    assert "far.asm:2:1: lbJZ target is 40000 bytes" in err.value.errors[0]


def test_lbjmp_warns_and_keeps_its_encoding():
    assembly = assemble('%include "instructions.asm"\nstart: lbJMP start\n', "j.asm")
    assert assembly.data == bytes([0x10, 0xFD, 0xFF])
    assert assembly.warnings[0].startswith("j.asm:2:8: warning: lbJMP shares opcode $10")
    assert "lbSET IP, label" in assembly.warnings[0]


def test_dollar_in_a_macro_argument_is_where_nasm_puts_it():
    # lbSET's word is its own dw line two bytes in: $ there is the instruction's address + 2
    assembly = assemble('%include "instructions.asm"\nlbSET r1, $\nlbADD r1, $\n', "d.asm")
    assert assembly.data == bytes([3, 1, 2, 0, 0, 1, 4])


def test_another_include_is_read_beside_the_including_file(tmp_path):
    (tmp_path / "lib.asm").write_text("msg: db 'hi', 0\n")
    (tmp_path / "main.asm").write_text('%include "instructions.asm"\nlbSET r4, msg\n'
                                       '%include "lib.asm"\n')
    assert assemble_file(tmp_path / "main.asm").data == bytes([3, 4, 4, 0]) + b"hi\x00"


@property_test(150, st.text(max_size=200))
def test_random_text_is_an_error_or_bytes_never_a_crash(text):
    try:
        assembly = assemble('%include "instructions.asm"\n' + text, "r.asm")
    except AsmError as err:
        assert all(line.startswith("r.asm:") or line.startswith("instructions.asm:")
                   for line in err.errors)
    else:
        assert isinstance(assembly.data, bytes)


# ---- b32 asm -----------------------------------------------------------------------------------


def test_b32_asm_writes_the_lbvm_program(tmp_path, capsys):
    source = tmp_path / "hello.asm"
    source.write_bytes((CARTS / "article_short.asm").read_bytes())
    assert main(["asm", str(source), "--symbols", str(tmp_path / "hello.sym")]) == 0
    assert (tmp_path / "hello.lbvm").read_bytes() == (CARTS / "article_short.lbvm").read_bytes()
    assert "29 bytes (LBVM)" in capsys.readouterr().out
    assert "DATA" in (tmp_path / "hello.sym").read_text().upper()


def test_b32_asm_machine_option_without_the_include(tmp_path):
    source = tmp_path / "raw.asm"
    source.write_text("db 1, 2, 3\n")
    assert main(["asm", str(source), "--machine", "lbvm"]) == 0
    assert (tmp_path / "raw.lbvm").read_bytes() == b"\x01\x02\x03"


def test_b32_asm_errors_write_nothing(tmp_path, capsys):
    source = tmp_path / "bad.asm"
    source.write_text('%include "instructions.asm"\nlbADD r1, 12\n')
    old = tmp_path / "bad.lbvm"
    old.write_bytes(b"keep")
    assert main(["asm", str(source)]) == 65
    err = capsys.readouterr().err
    assert f"{source}:2:11: bad register '12'" in err
    assert "nothing written" in err and old.read_bytes() == b"keep"


def test_b32_asm_lbjmp_warning_on_stderr(tmp_path, capsys):
    source = tmp_path / "j.asm"
    source.write_text('%include "instructions.asm"\nx: lbJMP x\n')
    assert main(["asm", str(source)]) == 0
    assert "warning: lbJMP" in capsys.readouterr().err


def test_generated_docs_are_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_lbvm_doc.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    guide = gen.GUIDE.read_text(encoding="utf-8")
    assert gen.guide(guide) == guide, "run python tools/gen_lbvm_doc.py"
    assert gen.MACROS.read_text(encoding="utf-8") == isa.macro_file()
    assert "| $11 | `lbCALL` | label | 3 | 7 |" in guide


# ---- random programs against nasm itself --------------------------------------------------------

REG = st.sampled_from(sorted(isa.ASM_REGISTERS))
NUMBER = st.integers(0, 0xFFFF).flatmap(lambda n: st.sampled_from(
    [str(n), f"0x{n:X}", f"{n:X}h" if f"{n:X}"[0].isdigit() else f"0{n:X}h", f"0b{n:b}"]))


@st.composite
def statement(draw, labels: int) -> str:
    label = f"l{draw(st.integers(0, labels - 1))}"
    kind = draw(st.integers(0, 6))
    if kind == 0:
        op = draw(st.sampled_from(["lbADD", "lbCMP", "lbMOV", "lbLB", "lbSB"]))
        return f"{op} {draw(REG)}, {draw(REG)}"
    if kind == 1:
        value = draw(st.one_of(NUMBER, st.just(label), st.just(f"{label} - $$ + 1"),
                               st.just("$"), st.just("'A' + 1")))
        return f"lbSET {draw(REG)}, {value}"
    if kind == 2:
        return f"{draw(st.sampled_from(['lbJZ', 'lbJNZ', 'lbCALL']))} {label}"
    if kind == 3:
        return f"{draw(st.sampled_from(['lbPUSH', 'lbPOP', 'lbOUT']))} {draw(REG)}"
    if kind == 4:
        text = draw(st.text(alphabet="abcXYZ 019!?", min_size=1, max_size=6))
        return f"db {draw(st.integers(-128, 255))}, \"{text}\", {draw(st.integers(0, 9))}"
    if kind == 5:
        return f"dw {draw(NUMBER)}, {label}\n dd {draw(st.integers(0, 2**32 - 1))}"
    return f"times {draw(st.integers(0, 5))} db {draw(st.integers(0, 255))}"


@st.composite
def random_source(draw) -> str:
    labels = draw(st.integers(1, 4))
    lines = ['%include "instructions.asm"']
    body = draw(st.lists(statement(labels), min_size=1, max_size=25))
    places = sorted(draw(st.lists(st.integers(0, len(body)), min_size=labels,
                                  max_size=labels)))
    for index, line in enumerate(body):
        lines += [f"l{n}:" for n, at in enumerate(places) if at == index]
        lines.append("    " + line)
    lines += [f"l{n}:" for n, at in enumerate(places) if at == len(body)]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(NASM is None, reason="nasm is not installed")
@property_test(60, random_source())
def test_random_programs_assemble_as_nasm_does(source):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "p.asm"
        path.write_text(source)
        assert assemble(source, "p.asm").data == nasm_bytes(path, folder)


def test_a_macro_that_expands_into_itself_is_an_error():
    with pytest.raises(AsmError) as err:
        assemble("%macro a 0\n a\n%endmacro\n a\n", "m.asm")
    assert err.value.errors[0] == "m.asm:4:2: a expands into itself (macros nest at most 16 deep)"


def test_a_program_past_one_mib_is_refused_before_it_is_built():
    with pytest.raises(AsmError) as err:
        assemble("times 1000000 db 'a long string of thirty bytes..'\n", "big.asm")
    assert "would pass the 1 MiB of memory here" in err.value.errors[0]


def test_a_persons_macros_may_use_the_builtin_ones():
    source = ('%include "instructions.asm"\n%macro PRINT 1\nlbSET r1, %1\nlbOUT r1\n'
              '%endmacro\nPRINT 65\n')
    assert assemble(source, "p.asm").data == bytes([3, 1, 65, 0, 0x10, 1])


FRAGMENTS = ["%macro m 1", "%macro", "%endmacro", "%define X", "%include", '"instructions.asm"',
             "lbADD", "lbJZ", "lbSET", "r1", "IP", ",", "$", "$$", "times", "db", "dw", "dd",
             "'", '"', "`", "\\", "equ", ":", ".l", "x", "(", ")", "0x", "1", "-", "*", "/",
             "%1", "org", "[", "]", ";", "\n", " ", "m"]


@property_test(300, st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_random_statements_are_errors_or_bytes_never_a_crash(parts):
    try:
        assemble('%include "instructions.asm"\n' + " ".join(parts), "f.asm")
    except AsmError as err:
        assert err.errors and all(":" in line for line in err.errors)


def test_include_reads_only_plain_files(tmp_path):
    (tmp_path / "main.asm").write_text('%include "/dev/zero"\n%include "sub"\n')
    (tmp_path / "sub").mkdir()
    with pytest.raises(AsmError) as err:
        assemble_file(tmp_path / "main.asm")
    assert [line.split(": ", 1)[1] for line in err.value.errors] == [
        "cannot include /dev/zero: is a character device, not a source file",
        "cannot include sub: is a folder, not a source file"]
