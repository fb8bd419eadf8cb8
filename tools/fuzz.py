"""The full fuzzers of issue 16: many more inputs per surface than the suite's bounded tests.

    .venv/bin/python tools/fuzz.py [SCALE [SURFACE...]]   # SCALE x (4000 carts, 4000 sources,
                                     #   2000 argument lists, 4000 monitor lines); SURFACE: carts,
                                     #   sources, "argument lists", "monitor lines"

Prints, per surface, the inputs tried, how many were accepted and refused, the slowest, and the
first failure (a traceback, an "internal error", a message with a control character, or an
input that took too long) if any. Exit status 1 when any surface failed.
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests import fuzz_helpers as fz  # noqa: E402

RUNS = {"carts": 4000, "sources": 4000, "argument lists": 2000, "monitor lines": 4000}


def run_surface(name: str, strategy, check, examples: int) -> dict:
    counts = collections.Counter()
    slowest = [0.0]

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def fuzz(value):
        started = time.perf_counter()
        counts[check(value)] += 1
        slowest[0] = max(slowest[0], time.perf_counter() - started)

    failure = None
    started = time.perf_counter()
    try:
        fuzz()
    except Exception as err:  # noqa: BLE001 - reported, not raised
        import traceback

        notes = " | ".join(getattr(err, "__notes__", []))[:600]
        where = traceback.extract_tb(err.__traceback__)[-1]
        failure = (f"{type(err).__name__}: {str(err)[:300]} at {Path(where.filename).name}:"
                   f"{where.lineno} ({notes})")
    return {"name": name, "tried": sum(counts.values()), "counts": dict(counts),
            "slowest": slowest[0], "seconds": time.perf_counter() - started, "failure": failure}


def main() -> int:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    only = sys.argv[2:]  # surface names to run (default: all)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        argv_folder = folder / "argv"
        argv_folder.mkdir()
        fz.prepare_argv_folder(argv_folder)

        def cart(blob):
            return fz.check_cart(blob, folder)

        def argv(args):
            if not fz.safe_argv(args):
                return "skipped (long by design)"
            return f"exit {fz.check_argv(args, argv_folder)}"

        def line(text):
            fz.check_monitor(text)
            return "ok"

        surfaces = [("carts", fz.carts(), cart), ("sources", fz.sources(), fz.check_source),
                    ("argument lists", fz.argvs(), argv), ("monitor lines", fz.monitor_lines(),
                                                           line)]
        results = [run_surface(name, strategy, check, max(1, int(RUNS[name] * scale)))
                   for name, strategy, check in surfaces if not only or name in only]
    failed = False
    for result in results:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(result["counts"].items()))
        print(f"{result['name']}: {result['tried']} inputs in {result['seconds']:.1f} s "
              f"({counts}); slowest {result['slowest'] * 1000:.0f} ms")
        if result["failure"]:
            failed = True
            print(f"  FAILED: {result['failure']}")
    print(f"total: {sum(r['tried'] for r in results)} inputs, "
          f"{'failures found' if failed else 'no failure'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
