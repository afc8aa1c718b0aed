"""`test_reverse`: reverse-mode derivatives checked against finite differences.

Input: a function, its return activity and its arguments (see activities.py).
Output: nothing when every activity combination passes; an AssertionError
for the first mismatch of a primal result, a mutated argument or a derivative.

For one combination, with a random seed w for the return and random seeds
s_j for the shadows of Duplicated arguments (one per lane for batch
arguments, each lane checked on its own), the reverse sweep computes the
gradient of the scalar
    L(x) = <w, f(x)> + sum_j <s_j, x_j after f(x)>
with respect to each argument's value before the call: returned for Active
arguments, left in the shadow for Duplicated ones. For each differentiated
argument i and a random direction u_i it checks
    <dL/dx_i, u_i> == d/dt L(x with x_i + t u_i)  at t = 0,
one finite difference per argument.
"""

from __future__ import annotations

import numpy as np

from ..annotations import Active, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from . import calls, values
from .activities import as_active_value, batch_width
from .checks import Comparer, default_tolerances, fmt
from .driver import run_combinations

_DUP = (Duplicated, DuplicatedNoNeed)
_BATCH = (BatchDuplicated, BatchDuplicatedNoNeed)
_SHADOWED = _DUP + _BATCH


def test_reverse(f, Activity, *args, fdm=None, fkwargs=None, rtol=None, atol=None, name=None, seed: int = 0) -> int:
    """Check reverse-mode `pe.autodiff` of `f` against finite differences.

    `Activity` is the return activity (`pe.Active` or `pe.Const`), or a tuple
    of them to try each. Each argument is a plain value (taken as `pe.Const`),
    a pair `(value, Activity)`, a pair `(value, (A1, A2, ...))` to try several
    activities, or an annotation instance (`pe.Duplicated(x, dx)` uses `dx` as
    the seed of what `f` leaves in `x`). `pe.Duplicated` and the batch
    annotations need a value that holds a numpy array, since the derivative is
    written into its shadow; for a tuple that also holds plain floats, only
    its arrays are checked. Batch arguments get two random seeds each, and
    every lane is checked on its own.

    For every combination it checks that the primal result and the final
    contents of every argument match a plain call of the jitted `f`, and that
    each derivative, projected on a random direction, matches a finite
    difference of the seeded scalar <w, f(x)> + sum_j <s_j, x_j after f(x)>,
    where the seeds w (return) and s_j (Duplicated shadows) are random. The
    return seed is a random multiple of one; see `_reverse_call` in
    pyenzyme.testing.calls.

    The keywords are those of `test_forward`. Returns the number of
    combinations checked; raises AssertionError on the first mismatch.

    >>> import numpy as np, pyenzyme as pe
    >>> from pyenzyme.testing import test_reverse
    >>> def f(x, y):
    ...     return np.sum(x * x) * y
    >>> test_reverse(f, pe.Active, (np.array([1.0, 2.0]), pe.Duplicated), (3.0, (pe.Const, pe.Active)))
    2
    """
    return run_combinations(
        "test_reverse", _check, f, Activity, args, fdm=fdm, fkwargs=fkwargs, rtol=rtol, atol=atol, name=name, seed=seed
    )


def _values(acts, specs):
    out = []
    for i, (a, s) in enumerate(zip(acts, specs)):
        if a in _SHADOWED and not values.is_mutable(s.value):
            raise TypeError(
                f"argument {i + 1}: pe.{a.__name__} needs a value holding a numpy float array, "
                f"since reverse mode writes the derivative into its shadow; got "
                f"{type(s.value).__name__} (use pe.Active for scalars and tuples of scalars)"
            )
        out.append(as_active_value(s.value) if a is Active else s.value)
    return out


def _seeds(rng, acts, specs, xs, width):
    """Per shadowed argument: its list of shadow seeds (one per lane)."""
    seeds = {}
    for i, (a, s) in enumerate(zip(acts, specs)):
        if a in _SHADOWED:
            n = width if a in _BATCH else 1
            given = (list(s.shadow) if a in _BATCH else [s.shadow]) if s.has_shadow else None
            seeds[i] = (
                [values.copy_value(g) for g in given]
                if given is not None
                else [values.random_like(rng, xs[i], arrays_only=True) for _ in range(n)]
            )
    return seeds


def _annotate(act, value, seeds):
    x = values.copy_value(value)
    if act in _BATCH:
        return act(x, tuple(values.copy_value(s) for s in seeds))
    if act in _DUP:
        return act(x, values.copy_value(seeds[0]))
    return act(x)


def _check(fn, ret_act, acts, specs, extra, fdm, rtol, atol, label, combo, rng):
    xs = _values(acts, specs) + list(extra)
    all_acts = tuple(acts) + (Const,) * len(extra)
    width = batch_width(acts, specs)
    y, finals = calls.run_plain(fn, xs)
    seeds = _seeds(rng, acts, specs, xs, width)
    dret = calls.return_seed(rng, y) if ret_act is Active else None

    diff = [i for i, a in enumerate(acts) if a is not Const]
    types = values.float_types(y) + [t for i in diff for t in values.float_types(xs[i])]
    rt, at = default_tolerances(types)
    cmp = Comparer(label, combo, rtol if rtol is not None else rt, atol if atol is not None else at)

    anns = [_annotate(a, x, seeds.get(i)) for i, (a, x) in enumerate(zip(all_acts, xs))]
    derivs, primal = calls._reverse_call(fn, ret_act, anns, dret)
    cmp.close("primal result", primal, y, reference="plain call")
    for i in range(len(specs)):
        cmp.close(f"argument {i + 1} after the call", anns[i].val, finals[i], reference="plain call")
    if len(derivs) != len(anns):
        cmp.fail("wrong number of derivatives", [f"pyenzyme: {fmt(derivs)}", f"expected {len(anns)} entries"])
    for i, a in enumerate(all_acts):
        if a is not Active and derivs[i] is not None:
            cmp.fail(
                f"derivative of argument {i + 1} should be None (it is not Active)", [f"pyenzyme: {fmt(derivs[i])}"]
            )

    for k in range(width):
        lane_seeds = {j: s[k if len(s) > 1 else 0] for j, s in seeds.items()}
        lane = f" (lane {k + 1})" if width > 1 else ""
        for i in diff:
            if acts[i] is Active:
                adj = derivs[i]
            else:
                adj = anns[i].dval[k] if acts[i] in _BATCH else anns[i].dval
            what = f"derivative of argument {i + 1}{lane}"
            cmp.structure(what, adj, xs[i])
            u = values.random_like(rng, xs[i], arrays_only=acts[i] in _SHADOWED)
            fd = _fd_directional(fdm, fn, xs, i, u, dret, lane_seeds, types)
            cmp.close(
                f"{what} projected on a random direction u, <d, u>,",
                values.inner(adj, u),
                fd,
                scale=values.abs_inner(adj, u),
                detail=[f"derivative: {fmt(adj)}", f"u: {fmt(u)}"],
            )


def _fd_directional(fdm, fn, xs, i, u, dret, seeds, types) -> float:
    """d/dt L(x with x_i + t u) at t = 0, L being the seeded scalar of the module docstring."""

    def g(t):
        moved = list(xs)
        moved[i] = values.perturb(xs[i], t, u)
        y, finals = calls.run_plain(fn, moved)
        total = values.inner(dret, y) if dret is not None else 0.0
        total += sum(values.inner(s, finals[j]) for j, s in seeds.items())
        return np.array([total])

    step = values.max_abs(u)
    scale = max(1.0, values.max_abs(xs[i])) / step if step > 0 else 1.0
    return float(np.asarray(fdm(g, scale=scale, dtype=values.least_precise(types))).reshape(-1)[0])
