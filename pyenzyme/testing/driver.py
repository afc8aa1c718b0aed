"""The loop shared by `test_forward` and `test_reverse`: one check per activity combination.

Input: the function, its return activity and arguments as the user gave
them, the options, and the mode's check for one combination. Output: the
number of combinations checked; the first failing one raises.
"""

from __future__ import annotations

import numpy as np

from . import calls
from .activities import combinations, describe, parse_arg, return_options
from .finite_differences import central_fdm


def run_combinations(kind: str, check, f, Activity, args, *, fdm, fkwargs, rtol, atol, name, seed) -> int:
    """Call `check(fn, ret_act, acts, specs, extra, fdm, rtol, atol, label, combo, rng)` per combination.

    `fn` is `f` with `fkwargs` bound (their values are the trailing constant
    arguments `extra`); every combination starts from a generator seeded
    with `seed`, so each one is reproducible on its own. An exception other
    than AssertionError gets a note naming the combination.
    """
    label = f"{kind}({name or getattr(f, '__name__', repr(f))})"
    fn, extra = calls.bind_kwargs(f, len(args), fkwargs)
    specs = [parse_arg(i + 1, a) for i, a in enumerate(args)]
    fdm = central_fdm(order=5) if fdm is None else fdm
    combos = combinations(return_options(Activity), specs)
    for ret_act, acts in combos:
        combo = describe(ret_act, acts)
        try:
            check(fn, ret_act, acts, specs, extra, fdm, rtol, atol, label, combo, np.random.default_rng(seed))
        except AssertionError:
            raise
        except Exception as e:
            e.add_note(f"{label}: raised while checking {combo}")
            raise
    return len(combos)
