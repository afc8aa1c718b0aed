"""`test_forward`: forward-mode derivatives checked against finite differences.

Input: a function, its return activity and its arguments (see activities.py).
Output: nothing when every activity combination passes; an AssertionError
for the first mismatch of a primal result, a mutated argument, the return
tangent or a tangent written into an argument's shadow.

For one combination, with random tangents v for the shadowed arguments:
    tangent of the return     == d/dt f(x + t v)           at t = 0
    shadow of argument i      == d/dt (x_i after f(x + t v)) at t = 0
so an argument f writes gets the tangent of what f leaves in it, and a
read-only argument keeps its tangent v_i.
"""

from __future__ import annotations

import numpy as np

from ..annotations import BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from . import calls, values
from .activities import batch_width
from .checks import Comparer, default_tolerances
from .driver import run_combinations

_WITH_PRIMAL = (Duplicated, BatchDuplicated)
_BATCH = (BatchDuplicated, BatchDuplicatedNoNeed)


def test_forward(f, Activity, *args, fdm=None, fkwargs=None, rtol=None, atol=None, name=None, seed: int = 0) -> int:
    """Check `pe.autodiff(pe.Forward, ...)` of `f` against finite differences.

    `Activity` is the return activity (`pe.Const`, `pe.Duplicated`,
    `pe.DuplicatedNoNeed`, `pe.BatchDuplicated`, `pe.BatchDuplicatedNoNeed`),
    or a tuple of them to try each. Each argument is a plain value (taken as
    `pe.Const`), a pair `(value, Activity)`, a pair `(value, (A1, A2, ...))` to
    try several activities, or an annotation instance whose shadow is used as
    the tangent. Tangents that are not given are drawn from a normal
    distribution (seeded by `seed`); batch arguments get two. Combinations that
    mix batch and non-batch annotations are skipped (see
    `are_activities_compatible`).

    For every combination it checks that the primal result and the final
    contents of every argument match a plain call of the jitted `f`, and that
    the tangent of the return and the tangents left in the arguments' shadows
    match a directional finite difference along the same tangents.

    `fdm` is the finite-difference rule (default `central_fdm(order=5)`; any
    callable `fdm(g, *, scale, dtype)`). `fkwargs` are keyword arguments for
    `f`; they are passed as constants. `rtol` and `atol` default to bounds
    that suit the least precise float type involved. `name` replaces the
    function's name in failure messages. Returns the number of combinations
    checked; raises AssertionError on the first mismatch.

    >>> import numpy as np, pyenzyme as pe
    >>> from pyenzyme.testing import test_forward
    >>> def f(x, y):
    ...     return np.sum(x * x) * y
    >>> test_forward(f, (pe.Duplicated, pe.Const), (np.array([1.0, 2.0]), pe.Duplicated), (3.0, pe.Duplicated))
    2
    """
    return run_combinations(
        "test_forward", _check, f, Activity, args, fdm=fdm, fkwargs=fkwargs, rtol=rtol, atol=atol, name=name, seed=seed
    )


def _tangents(rng, acts, specs, width):
    """Per argument: None (no shadow) or a list of `width` tangents."""
    out = []
    for a, s in zip(acts, specs):
        if a in _BATCH:
            out.append(
                [values.copy_value(d) for d in s.shadow]
                if s.has_shadow
                else [values.random_like(rng, s.value) for _ in range(width)]
            )
        elif a in (Duplicated, DuplicatedNoNeed):
            out.append([values.copy_value(s.shadow) if s.has_shadow else values.random_like(rng, s.value)])
        else:
            out.append(None)  # Const; anything else is pyenzyme's to refuse
    return out


def _annotate(act, value, tangents):
    x = values.copy_value(value)
    if tangents is None:
        return act(x)
    shadows = [values.copy_value(v) for v in tangents]
    return act(x, tuple(shadows)) if act in _BATCH else act(x, shadows[0])


def _check(fn, ret_act, acts, specs, extra, fdm, rtol, atol, label, combo, rng):
    width = batch_width(acts, specs)
    tangents = _tangents(rng, acts, specs, width) + [None] * len(extra)
    xs = [s.value for s in specs] + list(extra)
    all_acts = tuple(acts) + (Const,) * len(extra)
    y, finals = calls.run_plain(fn, xs)
    shadowed = [i for i, t in enumerate(tangents) if t is not None]

    types = values.float_types(y) + [t for i in shadowed for t in values.float_types(xs[i])]
    rt, at = default_tolerances(types)
    cmp = Comparer(label, combo, rtol if rtol is not None else rt, atol if atol is not None else at)

    anns = [_annotate(a, x, t) for a, x, t in zip(all_acts, xs, tangents)]
    result = calls._forward_call(fn, ret_act, anns)
    primal, ret_tangents = _split_result(ret_act, result, width)
    if ret_act in _WITH_PRIMAL:
        cmp.close("primal result", primal, y, reference="plain call")
    for i, ann in enumerate(anns[: len(specs)]):
        cmp.close(f"argument {i + 1} after the call", ann.val, finals[i], reference="plain call")

    outputs = [ret_act is not Const] + [i in shadowed for i in range(len(specs))]
    for k in range(width):
        direction = {i: tangents[i][k] for i in shadowed}
        fd = _fd_jvp(fdm, fn, xs, direction, outputs, [y] + finals, types)
        lane = f" {k + 1}" if width > 1 else ""
        if ret_act is not Const:
            cmp.close(f"tangent{lane} of the return", ret_tangents[k], fd[0])
        for i in shadowed:
            shadow = anns[i].dval[k] if all_acts[i] in _BATCH else anns[i].dval
            cmp.close(f"tangent{lane} in the shadow of argument {i + 1}", shadow, fd[i + 1])


def _split_result(ret_act, result, width):
    """(primal or None, list of return tangents) from autodiff's forward result."""
    if ret_act is Const:
        return None, []
    if ret_act is Duplicated:
        return result[0], [result[1]]
    if ret_act is DuplicatedNoNeed:
        return None, [result[0]]
    if ret_act is BatchDuplicated:
        return result[0], list(result[1])
    return None, list(result[0])


def _fd_jvp(fdm, fn, xs, direction, outputs, templates, types):
    """Finite-difference tangents of (return, argument 1 after, ...) along `direction`.

    `outputs[0]` says whether the return is compared, `outputs[i + 1]` whether
    argument i is; entries not compared are None. The others are shaped like
    `templates`: what f returns and leaves in its arguments.
    """

    def g(t):
        moved = [values.perturb(x, t, direction[i]) if i in direction else x for i, x in enumerate(xs)]
        y, finals = calls.run_plain(fn, moved)
        parts = [y] + list(finals)
        return np.concatenate([np.zeros(0)] + [values.flatten(p) for p, on in zip(parts, outputs) if on])

    size = max((values.max_abs(xs[i]) for i in direction), default=0.0)
    step = max((values.max_abs(v) for v in direction.values()), default=0.0)
    scale = max(1.0, size) / step if step > 0 else 1.0
    flat = np.asarray(fdm(g, scale=scale, dtype=values.least_precise(types)))
    return _unflatten(flat, templates, outputs)


def _unflatten(flat, templates, outputs):
    """Split the flat FD vector into values shaped like `templates` (None where not compared)."""
    out, pos = [], 0
    for tpl, on in zip(templates, outputs):
        if not on:
            out.append(None)
            continue
        n = values.flatten(tpl).size
        out.append(_rebuild(tpl, flat[pos : pos + n]))
        pos += n
    return out


def _rebuild(tpl, flat):
    """`flat` poured into the inexact leaves of `tpl`, in order (integer leaves become zeros)."""
    pos = 0

    def leaf(e):
        nonlocal pos
        if not values.has_float_data(e):
            return np.zeros(e.shape) if isinstance(e, np.ndarray) else 0.0
        n = np.size(e)
        chunk = flat[pos : pos + n]
        pos += n
        return chunk.reshape(e.shape) if isinstance(e, np.ndarray) else chunk[0]

    return values.map_leaves(leaf, tpl)
