"""Issue 16: a bounded fuzz test per input surface (carts, assembly sources, argument lists,
monitor lines), each a few seconds. The full runs: ``python tools/fuzz.py`` (counts in
docs/DECISIONS.md and the issue's report)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests import fuzz_helpers as fz

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))


@BOUNDED
@given(fz.carts())
def test_fuzz_cart_loader(blob):
    with tempfile.TemporaryDirectory() as folder:
        assert fz.check_cart(blob, Path(folder)) in ("ok", "refused")


@BOUNDED
@given(fz.sources())
def test_fuzz_assembler_source(text):
    assert fz.check_source(text) in ("ok", "refused")


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(fz.argvs())
def test_fuzz_argument_lists(argv):
    if not fz.safe_argv(argv):
        return
    with tempfile.TemporaryDirectory() as folder:
        fz.prepare_argv_folder(Path(folder))
        fz.check_argv(argv, Path(folder))


@BOUNDED
@given(fz.monitor_lines())
def test_fuzz_monitor_lines(line):
    fz.check_monitor(line)
