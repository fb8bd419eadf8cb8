"""The layers import one way: commands -> frontend -> debug / shell -> machines
(docs/ARCHITECTURE.md).

Every module of ``console`` is read with ``ast`` (imports inside functions count too) and each
import is checked against its layer: a backward arrow fails, and so does pygame outside
``console/frontend`` or argparse outside ``console/commands``. A machine package
(``console/machines/<name>/`` with a ``machine.py``) never imports another machine's.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CONSOLE = Path(__file__).resolve().parent.parent / "console"

# layer -> the layers it may import (itself included)
ALLOWED = {
    "machines": {"machines", "resources"},
    "debug": {"debug", "machines", "resources"},
    "shell": {"shell", "machines", "resources"},
    "author": {"author", "machines", "resources"},
    "frontend": {"frontend", "debug", "shell", "author", "machines", "resources"},
    "commands": {"commands", "frontend", "debug", "shell", "author", "machines", "resources"},
    "resources": {"resources"},
    "__main__": {"commands"},
}
ONLY_IN = {"pygame": "frontend", "argparse": "commands"}


def layer_of(path: Path, root: Path = CONSOLE) -> str:
    return path.relative_to(root).with_suffix("").parts[0]


def is_machine(root: Path, name: str) -> bool:
    return (root / "machines" / name / "machine.py").is_file()


def machine_of(path: Path, root: Path = CONSOLE) -> str | None:
    """The machine package a module belongs to (``b32``), None outside one."""
    parts = path.relative_to(root).parts
    if parts[0] == "machines" and len(parts) > 2 and is_machine(root, parts[1]):
        return parts[1]
    return None


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            found.append((node.lineno, node.module))
    return found


MODULES = sorted(CONSOLE.rglob("*.py"))


def problems(path: Path, root: Path = CONSOLE) -> list[str]:
    layer, machine = layer_of(path, root), machine_of(path, root)
    where = path.relative_to(root.parent)
    out = []
    for line, module in imports(path):
        top = module.split(".")[0]
        if top in ONLY_IN and ONLY_IN[top] != layer:
            out.append(f"{where}:{line}: imports {top} outside console/{ONLY_IN[top]}")
        if top != "console" or module == "console":
            continue
        target = module.split(".")[1]
        if target not in ALLOWED[layer]:
            out.append(f"{where}:{line}: {layer} imports {module} (a backward arrow)")
        parts = module.split(".")
        if (len(parts) >= 3 and parts[1] == "machines" and machine is not None
                and parts[2] != machine and is_machine(root, parts[2])):
            out.append(f"{where}:{line}: machine {machine} imports machine {parts[2]}")
    return out


def test_every_console_module_is_in_a_known_layer():
    assert MODULES
    assert {layer_of(path) for path in MODULES if path.name != "__init__.py"} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CONSOLE)))
def test_imports_point_one_way(path):
    assert problems(path) == []


def test_the_check_sees_a_backward_arrow_and_a_stray_pygame(tmp_path):
    fake = tmp_path / "console"
    for name in ("b32", "lbvm"):
        (fake / "machines" / name).mkdir(parents=True)
        (fake / "machines" / name / "machine.py").write_text("")
    bad = fake / "machines" / "b32" / "bad.py"
    bad.write_text("import pygame\nfrom console.frontend import window\n"
                   "def f():\n    from console.machines.lbvm import cpu\n")
    assert problems(bad, fake) == [
        "console/machines/b32/bad.py:1: imports pygame outside console/frontend",
        "console/machines/b32/bad.py:2: machines imports console.frontend (a backward arrow)",
        "console/machines/b32/bad.py:4: machine b32 imports machine lbvm",
    ]
