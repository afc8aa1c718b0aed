"""The public entry points: autodiff, autodiff_thunk, gradient, jacobian, ...

Input: a mode, a function, a return activity and annotated arguments.
Output: derivatives in the shapes API.md promises. Compile work happens once
per (function, argument types, activities, mode, width, ABI); after that a
call is a dictionary lookup plus one call into jitted code.
"""

from __future__ import annotations

import numbers

import numba
import numpy as np
from numba.core import types

from .annotations import (Active, Annotation, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated,
                          DuplicatedNoNeed, _ArgType)
from .errors import ActivityError
from .frontend.build import build_forward
from .frontend.capture import as_dispatcher
from .frontend.signature import has_float_data
from .jit.trampoline import make_trampoline
from .modes import ForwardMode, InlineABI, Mode, ReverseMode

_DUP = (Duplicated, DuplicatedNoNeed)
_BATCH = (BatchDuplicated, BatchDuplicatedNoNeed)


def typeof(x):
    """The Numba type of a value; a plain Python function gives the type of its jitted form.

    >>> import pyenzyme as pe, numpy as np
    >>> pe.typeof(np.zeros(3))
    array(float64, 1d, C)
    """
    if callable(x) and hasattr(x, "__code__") and not isinstance(x, numba.core.dispatcher.Dispatcher):
        return numba.typeof(as_dispatcher(x))
    return numba.typeof(x)


# ------------------------------------------------------------------ arguments
def _split_function(f):
    if isinstance(f, Const):
        return f.val
    if isinstance(f, Annotation):
        raise ActivityError(f"function: only pe.Const(f) is supported for the function itself, got {type(f).__name__}")
    return f


def _unwrap(pos: int, a):
    """(annotation class, value, shadows tuple) for argument `pos` (1-based in messages)."""
    if isinstance(a, Annotation):
        cls = type(a)
        if isinstance(a, _BATCH):
            return cls, a.val, a.dval
        if isinstance(a, Duplicated):
            return cls, a.val, (a.dval,)
        return cls, a.val, ()
    if isinstance(a, type) and issubclass(a, Annotation):
        raise ActivityError(f"argument {pos}: got the class {a.__name__}, expected a value such as {a.__name__}(x, ...)")
    return Const, a, ()


def _nbtype(pos: int, val):
    try:
        return numba.typeof(val)
    except (ValueError, TypeError):
        raise TypeError(f"argument {pos}: unsupported argument type {type(val).__name__}") from None


def _check_shadow(pos: int, val, nbt, shadow, k: int | None):
    what = f"argument {pos}" + (f" shadow {k + 1}" if k is not None else " shadow")
    if isinstance(val, np.ndarray):
        if not isinstance(shadow, np.ndarray):
            raise TypeError(f"{what}: expected a numpy array like the primal, got {type(shadow).__name__}")
        if shadow.shape != val.shape:
            raise ValueError(f"{what}: shape {shadow.shape} does not match the primal's {val.shape}")
        if shadow.dtype != val.dtype:
            raise TypeError(f"{what}: dtype {shadow.dtype} does not match the primal's {val.dtype}")
        if not shadow.flags.writeable:
            raise ValueError(f"{what}: shadow array must be writeable")
    elif isinstance(val, tuple):
        if not isinstance(shadow, tuple) or len(shadow) != len(val):
            raise TypeError(f"{what}: expected a tuple of {len(val)} like the primal")
    elif isinstance(val, numbers.Number):
        if not isinstance(shadow, numbers.Number):
            raise TypeError(f"{what}: expected a number, got {type(shadow).__name__}")
    if not has_float_data(nbt):
        raise ActivityError(f"{what}: {nbt} has no floating-point data to differentiate; pass it as pe.Const")


def _coerce_shadow(val, nbt, shadow):
    """A shadow in the primal's exact Numba type (layout included); arrays may need a staging copy."""
    if isinstance(val, np.ndarray):
        if shadow.strides == val.strides:
            return shadow, None
        staged = _like_strides(val)
        staged[...] = shadow
        return staged, shadow
    if isinstance(nbt, types.Float):
        return float(shadow), None
    if isinstance(nbt, types.Complex):
        return complex(shadow), None
    if isinstance(val, tuple):
        return tuple(_coerce_shadow(v, numba.typeof(v), s)[0] for v, s in zip(val, shadow)), None
    return shadow, None


def _like_strides(a: np.ndarray) -> np.ndarray:
    """A zeroed array with exactly `a`'s shape, dtype and strides (a view into a fresh buffer)."""
    if a.size == 0:
        return np.zeros_like(a)
    lo = sum(min(0, (n - 1) * s) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, (n - 1) * s) for n, s in zip(a.shape, a.strides)) + a.itemsize
    buf = np.zeros(hi - lo, dtype=np.uint8)
    return np.lib.stride_tricks.as_strided(buf[-lo:].view(a.dtype) if lo == 0 else buf[-lo:].view(a.dtype),
                                           shape=a.shape, strides=a.strides)


# ------------------------------------------------------------------ forward mode
class _Forward:
    """A compiled forward-mode derivative for one signature (callable)."""

    __slots__ = ("tramp", "arity", "width", "deriv", "cap")

    def __init__(self, f, argtypes, acts, ret_act, width, inline):
        shadowed = [a in _DUP or a in _BATCH for a in acts]
        ret_shadow = ret_act in _DUP or ret_act in _BATCH
        self.cap, self.deriv = build_forward(f, argtypes, shadowed, ret_shadow, width, inline)
        n_shadows = sum(width for s in shadowed if s)
        arity = len(argtypes) + n_shadows
        W = width
        lanes = ", ".join(f"r[{k + 1}]" for k in range(W)) + ("," if W == 1 else "")
        if ret_act is Duplicated:
            body = "(r[0], r[1])"
        elif ret_act is DuplicatedNoNeed:
            body = "(r[1],)"
        elif ret_act is BatchDuplicated:
            body = f"(r[0], ({lanes}))"
        elif ret_act is BatchDuplicatedNoNeed:
            body = f"(({lanes}),)"
        else:
            body = "()"
        self.tramp, _ = make_trampoline(self.deriv, arity, body)
        self.arity = arity
        self.width = width


_cache: dict = {}


def _guess_return(mode, disp, argtypes, width):
    disp.compile(argtypes)
    rt = disp.overloads[tuple(argtypes)].signature.return_type
    if rt is types.none or not has_float_data(rt):
        return Const
    if isinstance(mode, ForwardMode):
        return Duplicated if width <= 1 else BatchDuplicated
    return Active


def _check_return(mode, ret_act, rettype):
    if isinstance(mode, ForwardMode):
        if ret_act is Active:
            raise ActivityError("return: pe.Active is not a forward-mode return activity; use pe.Duplicated, "
                                "pe.DuplicatedNoNeed or pe.Const")
    if ret_act is not Const and (rettype is types.none or not has_float_data(rettype)):
        raise ActivityError(f"return: the function returns {rettype}, which has no derivative; use pe.Const")


def _forward_call(mode, f, ret_act, args):
    f = _split_function(f)
    unwrapped = [_unwrap(i + 1, a) for i, a in enumerate(args)]
    acts = tuple(u[0] for u in unwrapped)
    width = 1
    for i, (cls, val, sh) in enumerate(unwrapped):
        if cls is Active:
            raise ActivityError(f"argument {i + 1}: pe.Active is not allowed in forward mode; "
                                "use pe.Duplicated(x, dx) to give a tangent")
        if cls in _BATCH:
            if width != 1 and len(sh) != width:
                raise ValueError(f"argument {i + 1}: batch width {len(sh)} differs from earlier width {width}")
            width = len(sh)
    argtypes = tuple(_nbtype(i + 1, u[1]) for i, u in enumerate(unwrapped))
    key = (f, mode, ret_act, acts, argtypes, width)
    fwd = _cache.get(key)
    if fwd is None:
        fwd = _compile_forward(mode, f, ret_act, acts, argtypes, width, unwrapped)
    primals = [u[1] for u in unwrapped]
    shadows = []
    copies = []
    for i, (cls, val, sh) in enumerate(unwrapped):
        if sh:
            for k, s in enumerate(sh):
                _check_shadow(i + 1, val, argtypes[i], s, k if cls in _BATCH else None)
                s2, orig = _coerce_shadow(val, argtypes[i], s)
                if orig is not None:
                    copies.append((s2, orig))
                shadows.append(s2)
    out = fwd.tramp(*primals, *shadows)
    for staged, orig in copies:
        orig[...] = staged
    return out


def _compile_forward(mode, f, ret_act, acts, argtypes, width, unwrapped):
    disp = as_dispatcher(f)
    if ret_act is None:
        ret_act = _guess_return(mode, disp, argtypes, width)
    disp.compile(argtypes)
    _check_return(mode, ret_act, disp.overloads[tuple(argtypes)].signature.return_type)
    if width > 1 and ret_act in _DUP:
        ret_act = BatchDuplicated if ret_act is Duplicated else BatchDuplicatedNoNeed
    if width == 1 and ret_act in _BATCH and not any(a in _BATCH for a in acts):
        width = 1
    for i, (cls, val, sh) in enumerate(unwrapped):
        if cls in _DUP or cls in _BATCH:
            if not has_float_data(argtypes[i]):
                raise ActivityError(f"argument {i + 1}: {argtypes[i]} has no floating-point data to differentiate; "
                                    "pass it as pe.Const")
    fwd = _Forward(disp, argtypes, acts, ret_act, width, mode.abi is InlineABI)
    _cache[(f, mode, ret_act, acts, argtypes, width)] = fwd
    _cache[(f, mode, None, acts, argtypes, width)] = fwd if ret_act is not None else fwd
    return fwd


# ------------------------------------------------------------------ public API
def _split_ret(args):
    if args and isinstance(args[0], type) and issubclass(args[0], Annotation):
        return args[0], args[1:]
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
    if isinstance(mode, ForwardMode):
        return _forward_call(mode, f, ret_act, rest)
    if isinstance(mode, ReverseMode):
        raise NotImplementedError("reverse mode is not available yet")
    raise TypeError(f"mode: expected pe.Forward or pe.Reverse, got {mode!r}")


autodiff_deferred = autodiff


class ForwardThunk:
    """A compiled forward derivative for fixed argument types: `thunk(fa, *args)`."""

    def __init__(self, fwd: _Forward, argtypes, acts):
        self._fwd = fwd
        self._tramp = fwd.tramp
        self._argtypes = argtypes
        self._acts = acts

    def __call__(self, fa, *args):
        if len(args) != len(self._acts):
            raise TypeError(f"thunk expects {len(self._acts)} arguments, got {len(args)}")
        primals = []
        shadows = []
        for i, (a, cls) in enumerate(zip(args, self._acts)):
            if type(a) is not cls and not (cls is Const and not isinstance(a, Annotation)):
                raise ActivityError(f"argument {i + 1}: expected {cls.__name__}, got {type(a).__name__}")
            if isinstance(a, Annotation):
                primals.append(a.val)
                if cls in _DUP:
                    shadows.append(a.dval)
                elif cls in _BATCH:
                    shadows.extend(a.dval)
            else:
                primals.append(a)
        return self._tramp(*primals, *shadows)


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
        for i, a in enumerate(acts):
            if a is Active:
                raise ActivityError(f"argument {i + 1}: pe.Active is not allowed in forward mode")
        if any(a in _BATCH for a in acts):
            raise ActivityError("batch annotations in thunks need a width; use pe.autodiff for batch mode")
        fwd = _compile_forward(mode, disp, ret_act, acts, nbtypes, 1, [(a, None, ()) for a in acts])
        return ForwardThunk(fwd, nbtypes, acts)
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
