"""Two depths for the expensive tests: the default run takes a quick sample, ``-m slow`` the
whole of it.

``@property_test(400, body=..., budgets=...)`` reads like hypothesis's ``@given`` and makes two
tests of one check: ``[quick]`` draws a twentieth of the examples (at least 10) in the default
run, ``[deep]`` (marked slow) draws all of them. ``@depths`` does the same for a test that takes a
``depth`` argument and scales its own work with ``scaled(n, depth)`` (frames played, files
written)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

QUICK = 0.05
DEEP = 1.0

depths = pytest.mark.parametrize("depth", [
    pytest.param(QUICK, id="quick"),
    pytest.param(DEEP, id="deep", marks=pytest.mark.slow),
])


def scaled(n: int, depth: float, least: int = 10) -> int:
    """``n`` at the deep depth, a share of it (never under ``least``) at the quick one."""
    return n if depth >= DEEP else max(least, round(n * depth))


def property_test(max_examples: int, *strategies, explicit=(), settings_kw=None,
                  **named_strategies):
    """A hypothesis test at two depths. ``explicit`` lists keyword dicts always tried first
    (hypothesis's ``@example``); ``settings_kw`` adds settings (``derandomize`` ...)."""
    extra = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow],
             **(settings_kw or {})}

    def decorate(check):
        def test(depth):
            run = given(*strategies, **named_strategies)(check)
            for kwargs in explicit:
                run = example(**kwargs)(run)
            settings(max_examples=scaled(max_examples, depth), **extra)(run)()

        test.__name__ = test.__qualname__ = check.__name__
        test.__module__ = check.__module__
        test.__doc__ = check.__doc__
        return depths(test)

    return decorate
