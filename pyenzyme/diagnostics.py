"""Numbers about derivatives that tests, benchmarks and users inspect (not per-call API).

Input: a function and annotated arguments. Output: facts such as how many
bytes of tape one reverse call needs.
"""

from __future__ import annotations

from .api import autodiff
from .modes import Reverse, ReverseMode


def tape_bytes(f, *args, mode: ReverseMode = Reverse) -> int:
    """Run one reverse-mode call of `f` and return the bytes its forward sweep put on the tape.

    Values the reverse sweep can recompute (loop counters, loads of memory the
    function never writes) take no tape: the sum of squares needs none.

    >>> import pyenzyme as pe, numpy as np
    >>> from pyenzyme.diagnostics import tape_bytes
    >>> def sumsq(x):
    ...     s = 0.0
    ...     for i in range(x.shape[0]):
    ...         s += x[i] * x[i]
    ...     return s
    >>> tape_bytes(sumsq, pe.Active, pe.Duplicated(np.ones(1000), np.zeros(1000)))
    0
    """
    from . import reverse as _reverse

    autodiff(mode, f, *args)
    plan = _reverse.last_plan
    assert plan is not None, "autodiff ran a reverse plan"
    return int(plan.last_tape_bytes)
