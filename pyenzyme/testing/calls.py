"""How the test utilities call the function under test, with and without pyenzyme.

Input: the function, keyword arguments to bind, annotated arguments and seeds.
Output: plain results (what the jitted function returns and leaves in its
arguments) and pyenzyme's derivatives. `_forward_call` and `_reverse_call`
are the only places that call pyenzyme, so that a change of mode touches
one function.
"""

from __future__ import annotations

import functools
import warnings

import numba

from ..annotations import Active, Annotation, BatchDuplicated, Const
from ..api import autodiff, autodiff_thunk, typeof
from ..errors import EnzymeWarning
from ..frontend.capture import as_dispatcher
from ..frontend.plans import plan_table
from ..modes import Forward, ReverseSplitWithPrimal, ReverseWithPrimal
from . import values

_kw_wrappers: dict = {}


def bind_kwargs(f, nargs: int, fkwargs: dict | None):
    """(function, extra positional values): `fkwargs` become trailing Const arguments of a wrapper.

    pyenzyme takes positional arguments only, so for keyword arguments a small
    jitted wrapper `wrapper(a0, ..., k0, ...)` that calls `f(a0, ..., name=k0, ...)`
    is generated (once per function, arity and keyword names). The keyword
    values stay ordinary run-time arguments: they are never differentiated
    and changing them does not recompile anything.
    """
    if not fkwargs:
        return f, ()
    disp = as_dispatcher(f)
    names = tuple(fkwargs)
    key = (disp, nargs, names)
    wrapper = _kw_wrappers.get(key)
    if wrapper is None:
        pos = [f"a{i}" for i in range(nargs)]
        kws = [f"k{j}" for j in range(len(names))]
        call = ", ".join(pos + [f"{n}={k}" for n, k in zip(names, kws)])
        src = f"def with_kwargs({', '.join(pos + kws)}):\n    return _f({call})\n"
        ns = {"_f": disp}
        exec(src, ns)
        wrapper = ns["with_kwargs"]
        wrapper.__qualname__ = wrapper.__name__ = f"{getattr(disp, '__name__', 'f')}_with_kwargs"
        _kw_wrappers[key] = wrapper
    return wrapper, tuple(fkwargs.values())


def run_plain(f, args):
    """(result, arguments after the call) of the jitted `f` run on copies of `args`."""
    xs = [values.copy_value(a) for a in args]
    y = as_dispatcher(f)(*xs)
    return y, xs


def _quiet(call):
    """The test utilities try every activity, including those with nothing active: no warning for them."""

    @functools.wraps(call)
    def quiet(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EnzymeWarning)
            return call(*args)

    return quiet


@_quiet
def _forward_call(f, ret_act, anns):
    """pe.autodiff in forward mode; the result has API.md's shape for `ret_act`."""
    return autodiff(Forward, f, ret_act, *anns)


_thunks: dict = plan_table()  # emptied when a custom rule changes what a derivative is


def _reverse_call(f, ret_act, anns, dret):
    """One reverse sweep seeded with `dret` (the return) and the shadows of the arguments.

    Returns (derivatives of the arguments, primal). Split mode
    (`pe.ReverseSplitWithPrimal`): the forward thunk makes a tape, the reverse
    thunk consumes it with `dret`. Batch arguments use combined mode.
    """
    if any(isinstance(a, BatchDuplicated) for a in anns) or ret_act not in (Active, Const):
        return _combined_reverse_call(f, ret_act, anns, dret)
    disp = as_dispatcher(f)
    anns = [Active(float(a.val)) if type(a) is Active and isinstance(a.val, int) else a for a in anns]
    argtypes = tuple(
        type(a)[numba.typeof(a.val)] if isinstance(a, Annotation) else Const[numba.typeof(a)] for a in anns
    )
    key = (disp, ret_act, argtypes)
    thunks = _thunks.get(key)
    if thunks is None:
        thunks = _thunks[key] = autodiff_thunk(ReverseSplitWithPrimal, Const[typeof(disp)], ret_act, *argtypes)
    forward, reverse = thunks
    tape, primal, _ = forward(Const(disp), *anns)
    rest = (1.0 if dret is None else dret, tape) if ret_act is Active else (tape,)
    (derivs,) = reverse(Const(disp), *anns, *rest)
    return derivs, primal


@_quiet
def _combined_reverse_call(f, ret_act, anns, dret):
    """Combined mode seeds an Active return with one, so `dret` must be `c` times that seed (see
    `return_seed`): the call runs with every shadow divided by `c`, and the shadows and derivatives
    are multiplied by `c` afterwards, which is exact because the adjoint is linear in the seeds."""
    c = 1.0 if dret is None else dret_scale(dret)
    dups = [a for a in anns if hasattr(a, "dval")]
    if c != 1.0:
        for a in dups:
            values.scale_in_place(a.dval, 1.0 / c)
    derivs, primal = autodiff(ReverseWithPrimal, f, ret_act, *anns)
    if c != 1.0:
        for a in dups:
            values.scale_in_place(a.dval, c)
        derivs = tuple(None if d is None else values.scale(d, c) for d in derivs)
    return derivs, primal


def return_seed(rng, y):
    """A random seed for the return value `y` that `_reverse_call` can honour."""
    c = float(rng.uniform(0.5, 2.0) * rng.choice((-1.0, 1.0)))
    return values.unit_like(y, c)


def dret_scale(dret) -> float:
    flat = values.flatten(dret)
    nonzero = flat[flat != 0]
    return float(nonzero[0].real) if nonzero.size else 1.0
