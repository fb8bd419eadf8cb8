"""Issue 16: a bounded fuzz test per input surface (carts, assembly sources, argument lists,
monitor lines), each a second in the default run and a few with ``-m slow``. The full runs:
``python tools/fuzz.py`` (counts in docs/DECISIONS.md and the issue's report)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck

from tests import fuzz_helpers as fz
from tests.depth import property_test

FIXED = {"derandomize": True, "suppress_health_check": list(HealthCheck)}


@property_test(60, fz.carts(), settings_kw=FIXED)
def test_fuzz_cart_loader(blob):
    with tempfile.TemporaryDirectory() as folder:
        assert fz.check_cart(blob, Path(folder)) in ("ok", "refused")


@property_test(60, fz.sources(), settings_kw=FIXED)
def test_fuzz_assembler_source(text):
    assert fz.check_source(text) in ("ok", "refused")


@property_test(25, fz.argvs(), settings_kw=FIXED)
def test_fuzz_argument_lists(argv):
    if not fz.safe_argv(argv):
        return
    with tempfile.TemporaryDirectory() as folder:
        fz.prepare_argv_folder(Path(folder))
        fz.check_argv(argv, Path(folder))


@property_test(60, fz.monitor_lines(), settings_kw=FIXED)
def test_fuzz_monitor_lines(line):
    fz.check_monitor(line)
