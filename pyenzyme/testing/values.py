"""Arithmetic on nested argument values: random tangents, copies, x + t v, inner products.

Input: values as `pe.autodiff` takes them: Python and numpy scalars (float,
complex, int, bool), numpy arrays of any dtype, and tuples of these, nested.
Tuples and the fields of structured (record) arrays are walked; everything
else is a leaf.
Output: values of the same structure and types, or flat float64/complex128
vectors for comparisons. Only floating-point and complex data carry
derivatives; integers and booleans are carried along unchanged.
"""

from __future__ import annotations

import numpy as np

_INEXACT = (float, complex, np.floating, np.complexfloating)
_EXACT = (bool, int, np.integer, np.bool_)


def _is_inexact(x) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "fc"
    return isinstance(x, _INEXACT)


def _is_record_array(x) -> bool:
    return isinstance(x, np.ndarray) and x.dtype.names is not None


def map_leaves(fn, x, *others):
    """fn applied leafwise, keeping the structure of tuples and record arrays."""
    if isinstance(x, tuple):
        return tuple(map_leaves(fn, *parts) for parts in zip(x, *others))
    if _is_record_array(x):
        out = x.copy()
        for name in x.dtype.names:
            out[name] = map_leaves(fn, x[name], *(o[name] for o in others))
        return out
    return fn(x, *others)


def _leaves(x):
    if isinstance(x, tuple):
        for e in x:
            yield from _leaves(e)
    elif _is_record_array(x):
        for name in x.dtype.names:
            yield from _leaves(x[name])
    else:
        yield x


def has_float_data(x) -> bool:
    """Whether `x` holds any floating-point or complex number."""
    return any(_is_inexact(e) for e in _leaves(x))


def is_mutable(x) -> bool:
    """Whether a callee can write into `x` (it holds a numpy array with float data)."""
    return any(isinstance(e, np.ndarray) and e.dtype.kind in "fc" for e in _leaves(x))


def float_types(x) -> list:
    """The numpy float types of the inexact leaves (complex64 counts as float32)."""
    out = []
    for e in _leaves(x):
        if _is_inexact(e):
            kind = np.asarray(e).dtype
            out.append(np.finfo(kind).dtype.type)
    return out


def least_precise(types):
    """The float type with the fewest bits among `types` (float64 when empty)."""
    return min(types, key=lambda t: np.finfo(t).bits) if types else np.float64


def copy_value(x):
    """A copy that shares no array with `x`."""
    return map_leaves(lambda e: e.copy() if isinstance(e, np.ndarray) else e, x)


def random_like(rng: np.random.Generator, x, arrays_only: bool = False):
    """Standard normal numbers shaped and typed like `x`; zeros where `x` is not inexact.

    With `arrays_only`, scalar leaves get zeros too (nothing can write a
    derivative into a scalar held by value).
    """

    def leaf(e):
        if arrays_only and not isinstance(e, np.ndarray):
            return unit_like(e, 0.0)
        if isinstance(e, np.ndarray):
            if e.dtype.kind == "f":
                out = np.empty_like(e)
                out[...] = rng.standard_normal(e.shape)
                return out
            if e.dtype.kind == "c":
                out = np.empty_like(e)
                out[...] = rng.standard_normal(e.shape) + 1j * rng.standard_normal(e.shape)
                return out
            return np.zeros_like(e)
        if isinstance(e, (complex, np.complexfloating)):
            return type(e)(complex(rng.standard_normal(), rng.standard_normal()))
        if isinstance(e, (float, np.floating)):
            return type(e)(rng.standard_normal())
        if isinstance(e, _EXACT):
            return type(e)(0)
        return e

    return map_leaves(leaf, x)


def unit_like(x, c: float = 1.0):
    """`c` in every inexact leaf (the seed combined reverse mode gives a return), 0 elsewhere."""

    def leaf(e):
        if isinstance(e, np.ndarray):
            return np.full_like(e, c) if e.dtype.kind in "fc" else np.zeros_like(e)
        if _is_inexact(e):
            return type(e)(c)
        if isinstance(e, _EXACT):
            return type(e)(0)
        return e

    return map_leaves(leaf, x)


def perturb(x, t: float, v):
    """x + t v leafwise, in x's own types; leaves without float data are returned unchanged."""

    def leaf(e, d):
        if not _is_inexact(e):
            return e.copy() if isinstance(e, np.ndarray) else e
        if isinstance(e, np.ndarray):
            return (e + t * d).astype(e.dtype, copy=False)
        return type(e)(e + t * d)

    return map_leaves(leaf, x, v)


def scale(x, c: float):
    """c x leafwise (inexact leaves only)."""
    return perturb(unit_like(x, 0.0), c, x)


def scale_in_place(x, c: float) -> None:
    """Multiply the float arrays inside `x` by `c` in place (scalars cannot be written and are left alone)."""
    for e in _leaves(x):
        if isinstance(e, np.ndarray) and e.dtype.kind in "fc":
            e *= c


def flatten(x, exact: bool = False) -> np.ndarray:
    """The inexact leaves of `x` (and, with `exact`, the integer ones too) as one flat vector."""
    parts = [
        np.ravel(np.asarray(e))
        for e in _leaves(x)
        if _is_inexact(e) or (exact and isinstance(e, (np.ndarray,) + _EXACT))
    ]
    if not parts:
        return np.zeros(0)
    dtype = np.complex128 if any(p.dtype.kind == "c" for p in parts) else np.float64
    return np.concatenate([p.astype(dtype) for p in parts])


def inner(a, b) -> float:
    """Real inner product: complex numbers count as pairs (re, im), so <a, b> = sum Re(conj(a) b)."""
    fa, fb = flatten(a), flatten(b)
    return float(np.sum(np.real(np.conj(fa) * fb)))


def abs_inner(a, b) -> float:
    """sum |a_i| |b_i|: the size a rounding error in inner(a, b) is measured against."""
    return float(np.sum(np.abs(flatten(a)) * np.abs(flatten(b))))


def max_abs(x) -> float:
    f = flatten(x)
    return float(np.max(np.abs(f))) if f.size else 0.0


def same_structure(a, b) -> bool:
    """Same nesting, leaf kinds and array shapes (values may differ)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(same_structure(x, y) for x, y in zip(a, b))
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
    if a is None or b is None:
        return a is None and b is None
    return True
