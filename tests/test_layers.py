"""The layers import one way: commands -> frontend -> debug / shell -> machines
(docs/ARCHITECTURE.md).

Every module of ``console`` is read with ``ast`` (imports inside functions count too) and each
import is checked against its layer: a backward arrow fails, and so does pygame outside
``console/frontend`` or argparse outside ``console/commands``. A machine package
(``console/machines/<name>/`` with a ``machine.py``) never imports another machine's.
"""

from __future__ import annotations

import ast
import functools
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


@functools.lru_cache(maxsize=None)
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the parsed module (read and walked once; every check looks at them)."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))))


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path``."""
    found = []
    for node in nodes(path):
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


# ---- no import circles -----------------------------------------------------------------------
def module_name(path: Path, root: Path = CONSOLE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = CONSOLE) -> dict[str, set[str]]:
    """module -> the modules of ``root`` it imports, at module level or inside a function
    (``from package import module`` names the module; a package's ``__init__`` is the package)."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        for node in nodes(path):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in paths
                           else node.module for alias in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in paths and t != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a circle (strongly
    connected components of more than one module), each sorted, in name order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_module_of_console_imports_itself_round_a_circle():
    assert import_cycles(import_graph()) == []


def test_the_circle_check_sees_function_level_and_long_circles(tmp_path):
    fake = tmp_path / "console"
    (fake / "pkg").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "pkg" / "__init__.py").write_text("")
    (fake / "pkg" / "a.py").write_text("def f():\n    from console.pkg import b\n")
    (fake / "pkg" / "b.py").write_text("import console.pkg.a\n")
    (fake / "x.py").write_text("from console.y import thing\n")
    (fake / "y.py").write_text("from console import z\n")
    (fake / "z.py").write_text("from console.x import other\n")
    (fake / "leaf.py").write_text("from console.pkg import a\nimport console.x\n")
    assert import_cycles(import_graph(fake)) == [
        ["console.pkg.a", "console.pkg.b"], ["console.x", "console.y", "console.z"]]


# ---- one way to extend the window loop -------------------------------------------------------
def subclasses_of(path: Path, base: str) -> list[str]:
    """``file:line: Class`` for each class in ``path`` whose bases name ``base``."""
    found = []
    for node in nodes(path):
        if isinstance(node, ast.ClassDef):
            names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)
                     for b in node.bases}
            if base in names:
                found.append(f"{path.name}:{node.lineno}: {node.name}")
    return found


def test_nothing_in_console_subclasses_the_frame_loop():
    """FrameLoop is extended by plugins only (console/frontend/plugin.py)."""
    assert [hit for path in MODULES for hit in subclasses_of(path, "FrameLoop")] == []


def test_the_subclass_check_sees_both_spellings(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("from console.frontend import window\nfrom console.frontend.window import "
                    "FrameLoop\nclass A(FrameLoop):\n    pass\nclass B(window.FrameLoop):\n"
                    "    pass\nclass C(window.Plugin):\n    pass\n")
    assert subclasses_of(fake, "FrameLoop") == ["fake.py:3: A", "fake.py:5: B"]
