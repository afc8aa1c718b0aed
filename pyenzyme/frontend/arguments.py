"""Reading annotated Python arguments: unwrapping, type fingerprints, shadow checks.

Input: the values a user passes to `autodiff` (annotations or plain values).
Output: primal values, shadow values in the primal's exact Numba type, and a
cheap fingerprint of each argument's type that keys the derivative cache
without calling `numba.typeof` on every call.
"""

from __future__ import annotations

import os
import sys
import warnings

import numba
import numpy as np

from ..annotations import Active, Annotation, BatchDuplicated, Const
from ..errors import ActivityError, EnzymeWarning
from . import kinds
from .kinds import has_float_data


def fingerprint(v):
    """A hashable summary of `v`'s Numba type: equal fingerprints give equal Numba types."""
    t = type(v)
    if t is np.ndarray:
        f = v.flags
        layout = "C" if f.c_contiguous else ("F" if f.f_contiguous else "A")
        return (t, v.dtype, v.ndim, layout, f.writeable, f.aligned)
    if t is tuple:
        return (t,) + tuple(fingerprint(x) for x in v)
    if t in (float, int, bool, complex):
        return t
    try:
        return (t, numba.typeof(v))
    except (ValueError, TypeError):
        return (t, None)  # building the plan reports the unsupported argument


def split_function(f):
    if isinstance(f, Const):
        return f.val
    if isinstance(f, Annotation):
        raise ActivityError(f"function: only pe.Const(f) is supported for the function itself, got {type(f).__name__}")
    return f


def unwrap(pos: int, a):
    """(annotation class, value, shadows tuple) for argument `pos` (1-based in messages)."""
    if isinstance(a, Annotation):
        cls = type(a)
        if isinstance(a, BatchDuplicated):
            return cls, a.val, a.dval
        if hasattr(a, "dval"):
            return cls, a.val, (a.dval,)
        return cls, a.val, ()
    if isinstance(a, type) and issubclass(a, Annotation):
        raise ActivityError(
            f"argument {pos}: got the class {a.__name__}, expected a value such as {a.__name__}(x, ...)"
        )
    return Const, a, ()


def nbtype(pos: int, val):
    try:
        return numba.typeof(val)
    except (ValueError, TypeError):
        raise TypeError(f"argument {pos}: unsupported argument type {type(val).__name__}") from None


def check_shadow(pos: int, val, nbt, shadow, lane: int | None = None) -> None:
    """Raise if `shadow` cannot serve as the shadow of `val` (its kind says how: shape, dtype, length)."""
    if not has_float_data(nbt):
        raise ActivityError(f"argument {pos}: {nbt} has no floating-point data to differentiate; pass it as pe.Const")
    kinds.check_shadow(f"argument {pos}" + (f" shadow {lane + 1}" if lane is not None else " shadow"), val, nbt, shadow)


_defaults: dict = {}


def with_defaults(f, args):
    """`args` extended with `f`'s default values for the parameters not given (as Const)."""
    info = _defaults.get(f)
    if info is None:
        py = getattr(f, "py_func", f)
        code = getattr(py, "__code__", None)
        nparams = code.co_argcount if code is not None else len(args)
        info = _defaults[f] = (nparams, tuple(getattr(py, "__defaults__", None) or ()))
    nparams, defaults = info
    missing = nparams - len(args)
    if missing <= 0:
        return args
    if missing > len(defaults):
        raise TypeError(f"function: {getattr(f, '__name__', f)} takes {nparams} arguments, got {len(args)}")
    return tuple(args) + tuple(Const(d) for d in defaults[len(defaults) - missing :])


def reject_keywords(fname: str, kwargs: dict) -> None:
    """Arguments of the differentiated function are positional; say how to fix a keyword instead."""
    if kwargs:
        k = next(iter(kwargs))
        raise TypeError(
            f"{fname}: got keyword argument(s) {', '.join(map(repr, kwargs))}, but the arguments of the "
            f"function to differentiate are positional (annotate each: pe.Const(v), pe.Active(x), ...). "
            f"To fix a keyword argument, bind it first: functools.partial(f, {k}=...) or a closure "
            f"`def g(x): return f(x, {k}=...)`"
        )


def check_values(args, acts, mode: str) -> None:
    """Refuse Python lists where pyenzyme differentiates arrays, naming the fix."""
    for i, (a, act) in enumerate(zip(args, acts)):
        v = a.val if isinstance(a, Annotation) else a
        if act is not Const and isinstance(v, list):
            fix = (
                "pe.Duplicated(np.asarray(x), np.zeros(len(x)))"
                if act is Active
                else f"pe.{act.__name__}(np.asarray(x), ...) with array shadows"
            )
            raise TypeError(f"argument {i + 1}: a Python list cannot carry derivatives; pass a NumPy array: {fix}")


def warn_inactive(args, acts, mode: str, seeded: bool = True, shadows=()) -> None:
    """A pe.EnzymeWarning for a call whose derivatives are zero whatever the function does."""
    if all(a is Const for a in acts):
        why = "no argument is pe.Active or pe.Duplicated, so every derivative is zero"
        bare = next((i for i, a in enumerate(args) if not isinstance(a, Annotation) and _has_floats(a)), None)
        if bare is not None:
            fix = (
                "pe.Active(x)"
                if mode == "reverse" and not isinstance(args[bare], np.ndarray)
                else "pe.Duplicated(x, dx)"
            )
            why += f"; argument {bare + 1} is a plain value, which counts as pe.Const: pass {fix}"
        _warn(f"nothing is active: {why}")
    elif mode == "reverse" and not seeded and all(isinstance(s, np.ndarray) and not s.any() for s in shadows):
        _warn(
            "nothing seeds the reverse sweep: the return is pe.Const and every shadow is zero, so the derivatives "
            "are zero; put the output's adjoint in its shadow (e.g. dy[:] = 1.0), or return a float with pe.Active"
        )


def _has_floats(v) -> bool:
    if isinstance(v, np.ndarray):
        return v.dtype.kind in "fc"
    return isinstance(v, (float, complex, np.floating, np.complexfloating))


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _warn(msg: str) -> None:
    """Warn at the user's call into pyenzyme (the first frame outside the package)."""
    level, frame = 1, sys._getframe(0)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]  # None ends the loop
    warnings.warn(msg, EnzymeWarning, stacklevel=level)
