"""The public entry points: autodiff, autodiff_thunk, gradient, jacobian, ...

Input: a mode, a function, a return activity and annotated arguments.
Output: derivatives in the shapes API.md promises. Compile work happens once
per (function, argument types, activities, mode, width, ABI); after that a
call is a dictionary lookup plus one call into jitted code.
"""

from __future__ import annotations

import numba
import numpy as np

from .annotations import Annotation, Const, Duplicated, DuplicatedNoNeed, _AnnotationMeta, _ArgType
from .errors import ActivityError
from .forward import BATCH, ForwardPlan, forward_call, make_forward_thunk
from .frontend.capture import as_dispatcher
from .modes import ForwardMode, InlineABI, Mode, ReverseMode


def typeof(x):
    """The Numba type of a value; a plain Python function gives the type of its jitted form.

    >>> import pyenzyme as pe, numpy as np
    >>> pe.typeof(np.zeros(3))
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


def autodiff(mode: Mode, f, *args):
    """Differentiate `f` at the annotated arguments.

    Forward mode returns `(primal, derivative)` for a Duplicated return,
    `(derivative,)` for DuplicatedNoNeed and `()` for Const.

    >>> import pyenzyme as pe
    >>> def f(x):
    ...     return x * x
    >>> pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(3.0, 1.0))
    (9.0, 6.0)
    """
    ret_act, rest = _split_ret(args)
    if mode.__class__ is ForwardMode:
        return forward_call(mode, f, ret_act, rest)
    if isinstance(mode, ReverseMode):
        raise NotImplementedError("reverse mode is not available yet")
    raise TypeError(f"mode: expected pe.Forward or pe.Reverse, got {mode!r}")


autodiff_deferred = autodiff


def autodiff_thunk(mode: Mode, fa, ret_act, *argtypes):
    """Compile once for fixed types; returns a callable (forward) taking annotated values.

    >>> import pyenzyme as pe, numba
    >>> def f(x):
    ...     return x * x
    >>> fwd = pe.autodiff_thunk(pe.Forward, pe.Const[pe.typeof(f)], pe.Duplicated, pe.Duplicated[numba.float64])
    >>> fwd(pe.Const(f), pe.Duplicated(3.0, 1.0))
    (9.0, 6.0)
    """
    if not isinstance(fa, _ArgType) or fa.annotation is not Const:
        raise ActivityError("function: expected pe.Const[pe.typeof(f)]")
    disp = fa.nbtype.dispatcher if hasattr(fa.nbtype, "dispatcher") else None
    if disp is None:
        raise TypeError("function: pe.typeof(f) did not give a jitted function type")
    for i, t in enumerate(argtypes):
        if not isinstance(t, _ArgType):
            raise TypeError(f"argument {i + 1}: expected an annotation subscripted with a Numba type, "
                            f"e.g. pe.Duplicated[numba.float64], got {t!r}")
    acts = tuple(t.annotation for t in argtypes)
    nbtypes = tuple(t.nbtype for t in argtypes)
    if isinstance(mode, ForwardMode):
        if any(a in BATCH for a in acts):
            raise ActivityError("batch annotations in thunks need a width; use pe.autodiff for batch mode")
        return make_forward_thunk(ForwardPlan(disp, nbtypes, acts, ret_act, 1, mode.abi is InlineABI))
    raise NotImplementedError("autodiff_thunk: only pe.Forward is available yet")


autodiff_deferred_thunk = autodiff_thunk


def onehot(x):
    """A tuple of one-hot arrays shaped like `x`, one per element.

    >>> import pyenzyme as pe, numpy as np
    >>> pe.onehot(np.zeros(2))
    (array([1., 0.]), array([0., 1.]))
    """
    x = np.asarray(x)
    out = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = 1
        out.append(e)
    return tuple(out)


def gradient(mode: Mode, f, x, *, shadow=None, chunk=None):
    """Gradient of scalar `f` at array `x`.

    Forward mode: a tuple of partials, one per element (one direction per call).

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[1]
    >>> pe.gradient(pe.Forward, f, np.array([2.0, 3.0]))
    (3.0, 2.0)
    """
    if isinstance(mode, ForwardMode):
        x = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
        dirs = onehot(x) if shadow is None else tuple(shadow)
        return tuple(autodiff(mode, f, DuplicatedNoNeed, Duplicated(x, d))[0] for d in dirs)
    raise NotImplementedError("gradient: only pe.Forward is available yet")


def jacobian(mode: Mode, f, x, *, chunk=None, num_outs=None):
    """Jacobian (outputs x inputs) of `f` at array `x`, one direction per call.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x * 2.0
    >>> pe.jacobian(pe.Forward, f, np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 2.]])
    """
    if isinstance(mode, ForwardMode):
        cols = [np.ravel(np.asarray(autodiff(mode, f, DuplicatedNoNeed, Duplicated(x, d))[0]))
                for d in onehot(x)]
        return np.stack(cols, axis=-1) if cols else np.zeros((0, 0))
    raise NotImplementedError("jacobian: only pe.Forward is available yet")
