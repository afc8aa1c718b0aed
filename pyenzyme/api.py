"""The public entry points: autodiff, autodiff_thunk, typeof, make_zero.

Input: a mode, a function, a return activity and annotated arguments.
Output: derivatives in the shapes API.md promises. Compile work happens once
per (function, argument types, activities, mode, width, ABI); after that a
call is a dictionary lookup plus one call into jitted code.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from .annotations import Const, _AnnotationMeta, _ArgType
from .errors import ActivityError
from .forward import BATCH, ForwardPlan, forward_call, make_forward_thunk
from .frontend.arguments import reject_keywords
from .frontend.capture import as_dispatcher
from .frontend.plans import cached_plan, plan_table
from .jit.deferred import overload_autodiff_deferred
from .modes import ForwardMode, InlineABI, Mode, ReverseMode, ReverseModeSplit
from .reverse import reverse_call
from .split import split_thunks


def typeof(x):
    """The Numba type of a value; a plain Python function gives the type of its jitted form.

    >>> import pyenzyme as pe, numpy as np
    >>> print(pe.typeof(np.zeros(3)))
    array(float64, 1d, C)
    """
    if callable(x) and hasattr(x, "__code__") and not isinstance(x, numba.core.dispatcher.Dispatcher):
        return numba.typeof(as_dispatcher(x))
    return numba.typeof(x)


# ------------------------------------------------------------------ public API
def _split_ret(args):
    if args:
        a = args[0]
        if a.__class__ is _AnnotationMeta:
            return a, args[1:]
    return None, args


def autodiff(mode: Mode, f, *args, **kwargs):
    """Differentiate `f` at the annotated arguments.

    Forward mode returns `(primal, derivative)` for a Duplicated return,
    `(derivative,)` for DuplicatedNoNeed and `()` for Const.

    >>> import pyenzyme as pe
    >>> def f(x):
    ...     return x * x
    >>> pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(3.0, 1.0))
    (9.0, 6.0)
    """
    if kwargs:
        reject_keywords("autodiff", kwargs)
    ret_act, rest = _split_ret(args)
    if mode.__class__ is ForwardMode:
        return forward_call(mode, f, ret_act, rest)
    if mode.__class__ is ReverseMode:
        return reverse_call(mode, f, ret_act, rest)
    raise TypeError(f"mode: expected pe.Forward, pe.Reverse or pe.ReverseWithPrimal, got {mode!r}")


def autodiff_deferred(mode: Mode, f, *args, **kwargs):
    """`autodiff`, also inside `@numba.njit` code, spelled the same way there.

    In jitted code the derivative is built when the caller is compiled and
    linked into it (the Inline ABI): a call costs what the derivative costs.
    The results have the shapes `autodiff` returns. A function calling it can
    be differentiated again (higher-order derivatives).

    >>> import numba, pyenzyme as pe
    >>> @numba.njit
    ... def cube(x):
    ...     return x * x * x
    >>> @numba.njit
    ... def slope(x):
    ...     return pe.autodiff_deferred(pe.Forward, cube, pe.Duplicated, pe.Duplicated(x, 1.0))[1]
    >>> slope(2.0)
    12.0
    >>> pe.autodiff(pe.Forward, slope, pe.Duplicated, pe.Duplicated(2.0, 1.0))  # (f'(2), f''(2))
    (12.0, 12.0)
    """
    return autodiff(mode, f, *args, **kwargs)


overload_autodiff_deferred(autodiff_deferred)


def autodiff_thunk(mode: Mode, fa, ret_act, *argtypes):
    """Compile once for fixed argument types.

    Forward mode returns one callable taking annotated values; split reverse
    modes return `(forward, reverse)`: `forward(fa, *args) -> (tape, primal,
    shadow)` and `reverse(fa, *args, dret, tape) -> ((d_args...),)`.

    >>> import pyenzyme as pe, numba
    >>> def f(x):
    ...     return x * x
    >>> fwd = pe.autodiff_thunk(pe.Forward, pe.Const[pe.typeof(f)], pe.Duplicated, pe.Duplicated[numba.float64])
    >>> fwd(pe.Const(f), pe.Duplicated(3.0, 1.0))
    (9.0, 6.0)

    Split mode: run the forward sweep now and the reverse sweep later.

    >>> import numpy as np
    >>> def g(A, v):
    ...     res = A[0] * v
    ...     A[0] = 0.0
    ...     return res
    >>> A, dA = np.array([2.2]), np.zeros(1)
    >>> forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(g)], pe.Active,
    ...                                      pe.Duplicated[pe.typeof(A)], pe.Active[numba.float64])
    >>> tape, result, shadow = forward(pe.Const(g), pe.Duplicated(A, dA), pe.Active(3.3))
    >>> _, dv = reverse(pe.Const(g), pe.Duplicated(A, dA), pe.Active(3.3), 1.0, tape)[0]
    >>> result, dv, dA
    (7.26, 2.2, array([3.3]))
    """
    if not isinstance(fa, _ArgType) or fa.annotation is not Const:
        raise ActivityError("function: expected pe.Const[pe.typeof(f)]")
    disp = fa.nbtype.dispatcher if hasattr(fa.nbtype, "dispatcher") else None
    if disp is None:
        raise TypeError("function: pe.typeof(f) did not give a jitted function type")
    for i, t in enumerate(argtypes):
        if not isinstance(t, _ArgType):
            raise TypeError(
                f"argument {i + 1}: expected an annotation subscripted with a Numba type, "
                f"e.g. pe.Duplicated[numba.float64], got {t!r}"
            )
    acts = tuple(t.annotation for t in argtypes)
    nbtypes = tuple(t.nbtype for t in argtypes)
    if isinstance(mode, ForwardMode):
        if any(a in BATCH for a in acts):
            raise ActivityError("batch annotations in thunks need a width; use pe.autodiff for batch mode")
        return cached_plan(
            _thunks,
            (mode, disp, ret_act, acts, nbtypes),
            lambda: make_forward_thunk(ForwardPlan(disp, nbtypes, acts, ret_act, 1, mode.abi is InlineABI)),
        )
    if isinstance(mode, ReverseModeSplit):
        return cached_plan(
            _thunks, (mode, disp, ret_act, acts, nbtypes), lambda: split_thunks(mode, disp, ret_act, acts, nbtypes)
        )
    raise TypeError(
        f"mode: autodiff_thunk takes pe.Forward or a split mode (pe.ReverseSplitWithPrimal, "
        f"pe.ReverseSplitNoPrimal, pe.ReverseModeSplit(...)), got {mode!r}"
    )


_thunks: dict = plan_table()  # (mode, dispatcher, return activity, activities, types) -> thunk(s)
autodiff_deferred_thunk = autodiff_thunk


def make_zero(x, copy_if_inactive: bool = False, _seen=None):
    """A zeroed copy of `x`, recursively; shared sub-objects stay shared.

    Inactive values (ints, integer arrays) are returned as they are unless
    `copy_if_inactive` is set.

    >>> import pyenzyme as pe, numpy as np
    >>> a = np.ones(2)
    >>> z = pe.make_zero((a, a, 3, 2.5))
    >>> z[0] is z[1], z[0], z[2], z[3]
    (True, array([0., 0.]), 3, 0.0)
    """
    seen = {} if _seen is None else _seen
    key = id(x)
    if key in seen:
        return seen[key]
    out: Any
    if isinstance(x, (bool, np.bool_, int, np.integer, str, type(None))):
        out = x
    elif isinstance(x, (float, complex, np.floating, np.complexfloating)):
        out = type(x)(0)
    elif isinstance(x, np.ndarray):
        if x.dtype.kind in "fc":
            out = np.zeros_like(x)
        else:
            out = x.copy() if copy_if_inactive else x
    elif isinstance(x, tuple):
        out = tuple(make_zero(e, copy_if_inactive, seen) for e in x)
    elif isinstance(x, list):
        out = []
        seen[key] = out
        out.extend(make_zero(e, copy_if_inactive, seen) for e in x)
    elif isinstance(x, dict):
        out = {}
        seen[key] = out
        out.update({k: make_zero(v, copy_if_inactive, seen) for k, v in x.items()})
    elif hasattr(x, "__dict__"):
        import copy

        out = copy.copy(x)
        seen[key] = out
        for k, v in vars(x).items():
            setattr(out, k, make_zero(v, copy_if_inactive, seen))
    else:
        raise TypeError(f"make_zero: cannot zero a value of type {type(x).__name__}")
    seen[key] = out
    return out
