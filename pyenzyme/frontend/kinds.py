"""The kinds of argument pyenzyme takes, one registry entry each.

Input: a Numba type (and values of it). Output: its `ArgKind`: does it hold
floats that can carry a derivative, does it carry them by value (so it is
differentiated as `Active`, not through shadow memory), the seed `1` of a
return of it, the cheap per-call test that a shadow fits its primal exactly,
the full check of a shadow with a clear message, and the conversion of a
shadow that fits but differs (a float given as an int, strides that differ).
A new kind of argument is one entry here plus its tests.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numba.core import types


def _never(*args):
    return None


def _no_check(what, val, nbtype, shadow):
    pass


def _as_is(val, nbtype, shadow):
    return shadow, None


@dataclass(frozen=True)
class ArgKind:
    name: str
    numba_types: tuple  # the Numba type classes of this kind
    float_data: Callable[[Any], bool]  # can a value of this Numba type carry a derivative?
    by_value: Callable[[Any], bool] = lambda t: False  # floats travel by value: Active, not Duplicated
    one: Callable[[Any], object] = lambda t: 0  # the seed of a return of this type
    # a Python expression over primal `p` and shadow `s` that is true when `s` fits exactly (or None)
    fast_shadow: Callable[[Any, str, str], str | None] = _never
    check_shadow: Callable = _no_check  # (what, value, type, shadow): raise if the shadow cannot serve
    coerce_shadow: Callable = _as_is  # (value, type, shadow) -> (shadow of the exact type, array to copy back)


KINDS: list[ArgKind] = []


def register_kind(kind: ArgKind) -> ArgKind:
    KINDS.append(kind)
    return kind


def kind_of(nbtype) -> ArgKind | None:
    for kind in KINDS:
        if isinstance(nbtype, kind.numba_types):
            return kind
    return None


def has_float_data(nbtype) -> bool:
    """Could a value of this Numba type carry a derivative?"""
    kind = kind_of(nbtype)
    return kind is not None and kind.float_data(nbtype)


def by_value(nbtype) -> bool:
    """Does a value of this type hold floats outside arrays (passed by value, so no shadow memory)?"""
    kind = kind_of(nbtype)
    return kind is not None and kind.by_value(nbtype)


def one(nbtype):
    """The seed 1 for a return of this type (every float component of a tuple gets 1)."""
    kind = kind_of(nbtype)
    return kind.one(nbtype) if kind is not None else 0


def fast_shadow_test(nbtype, p: str, s: str) -> str:
    """A Python expression: does shadow `s` fit primal `p` with no check or conversion? ("False": never.)"""
    kind = kind_of(nbtype)
    return (kind.fast_shadow(nbtype, p, s) if kind is not None else None) or "False"


def check_shadow(what: str, val, nbtype, shadow) -> None:
    kind = kind_of(nbtype)
    if kind is not None:
        kind.check_shadow(what, val, nbtype, shadow)


def coerce_shadow(val, nbtype, shadow):
    kind = kind_of(nbtype)
    return kind.coerce_shadow(val, nbtype, shadow) if kind is not None else (shadow, None)


# -- the kinds -------------------------------------------------------------------------------------
def _check_number(what, val, nbtype, shadow):
    if not isinstance(shadow, numbers.Number):
        raise TypeError(f"{what}: expected a number, got {type(shadow).__name__}")


register_kind(
    ArgKind(
        "float",
        (types.Float,),
        float_data=lambda t: True,
        by_value=lambda t: True,
        one=lambda t: np.float32(1.0) if t.bitwidth == 32 else 1.0,
        fast_shadow=lambda t, p, s: f"type({s}) is float" if t.bitwidth == 64 else None,
        check_shadow=_check_number,
        coerce_shadow=lambda val, t, s: ((float(s) if t.bitwidth == 64 else np.float32(s)), None),
    )
)
register_kind(
    ArgKind(
        "complex",
        (types.Complex,),
        float_data=lambda t: True,
        by_value=lambda t: True,
        one=lambda t: complex(1.0, 0.0),
        check_shadow=_check_number,
        coerce_shadow=lambda val, t, s: (complex(s), None),
    )
)
register_kind(ArgKind("integer", (types.Integer, types.Boolean), float_data=lambda t: False))


def _check_array(what, val, nbtype, shadow):
    if not isinstance(shadow, np.ndarray):
        raise TypeError(f"{what}: expected a numpy array like the primal, got {type(shadow).__name__}")
    if shadow.shape != val.shape:
        raise ValueError(f"{what}: shape {shadow.shape} does not match the primal's {val.shape}")
    if shadow.dtype != val.dtype:
        raise TypeError(f"{what}: dtype {shadow.dtype} does not match the primal's {val.dtype}")
    if not shadow.flags.writeable:
        raise ValueError(f"{what}: shadow array must be writeable")


def _coerce_array(val, nbtype, shadow):
    """A shadow with other strides is staged in an array with the primal's and copied back after."""
    if shadow.strides == val.strides and shadow.flags.aligned == val.flags.aligned:
        return shadow, None
    staged = like_strides(val)
    staged[...] = shadow
    return staged, shadow


def like_strides(a: np.ndarray) -> np.ndarray:
    """A zeroed array with exactly `a`'s shape, dtype and strides (a view into a fresh buffer)."""
    if a.size == 0:
        return np.zeros_like(a)
    lo = sum(min(0, (n - 1) * s) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, (n - 1) * s) for n, s in zip(a.shape, a.strides)) + a.itemsize
    buf = np.zeros(hi - lo, dtype=np.uint8)
    return np.ndarray(a.shape, a.dtype, buffer=buf, offset=-lo, strides=a.strides)


register_kind(
    ArgKind(
        "array",
        (types.Array,),
        float_data=lambda t: has_float_data(t.dtype),
        fast_shadow=lambda t, p, s: (
            f"(type({s}) is _nd and {s}.dtype is {p}.dtype and {s}.shape == {p}.shape and {s}.strides == {p}.strides)"
        ),
        check_shadow=_check_array,
        coerce_shadow=_coerce_array,
    )
)


def _check_tuple(what, val, nbtype, shadow):
    if not isinstance(shadow, tuple) or len(shadow) != len(val):
        raise TypeError(f"{what}: expected a tuple of {len(val)} like the primal")


register_kind(
    ArgKind(
        "tuple",
        (types.BaseTuple,),
        float_data=lambda t: any(has_float_data(e) for e in t.types),
        by_value=lambda t: any(by_value(e) for e in t.types),
        one=lambda t: tuple(one(e) for e in t.types),
        check_shadow=_check_tuple,
        coerce_shadow=lambda val, t, s: (tuple(coerce_shadow(v, e, x)[0] for v, e, x in zip(val, t.types, s)), None),
    )
)
register_kind(
    ArgKind(
        "record",
        (types.Record,),
        float_data=lambda t: any(has_float_data(m) for _, m in t.members),
    )
)
# a Python list reaches Numba as a reflected list: its items are not differentiated (pass an array)
register_kind(ArgKind("list", (types.List,), float_data=lambda t: False))
