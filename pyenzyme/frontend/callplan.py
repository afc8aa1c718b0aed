"""What the call plans of every mode share.

Input: annotated arguments from `autodiff`, and a compiled derivative's
trampoline. Output: the one argument walk (primal values, shadows in call
order, the batch width and the key that finds a compiled plan), each
annotation's activity, the default return activity, the ABI decision, the
check and conversion of shadows that do not fit exactly, and the generated
per-signature caller that calls the trampoline with no Python loop.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba.core import types

from .. import rules
from ..annotations import Active, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from ..errors import ActivityError
from ..modes import InlineABI
from .arguments import check_shadow, fingerprint, nbtype, unwrap
from .kinds import by_value, coerce_shadow, fast_shadow_test, has_float_data

DUP = (Duplicated, DuplicatedNoNeed)
BATCH = (BatchDuplicated, BatchDuplicatedNoNeed)
SHADOWED = DUP + BATCH
# how the passes see each annotation: 'const', 'active' (an adjoint returned) or 'dup' (shadow memory)
ACTIVITY: dict[type, str] = {Const: "const", Active: "active", **{a: "dup" for a in SHADOWED}}


def is_inline(mode) -> bool:
    return mode.abi is InlineABI


def default_return(direction: str, rettype, width: int = 1):
    """The return activity when none is given: forward 'Duplicated' for any float data; reverse and split
    'Active' for floats passed by value (scalars, tuples of them); split 'Duplicated' for float arrays."""
    if not has_float_data(rettype):
        return Const
    if direction == "forward":
        return Duplicated if width == 1 else BatchDuplicated
    if by_value(rettype):
        return Active
    return Duplicated if direction == "split" and isinstance(rettype, types.Array) else Const


_runtime_activity = [False]


def set_runtime_activity(flag: bool) -> None:
    """Turn runtime activity on or off (off by default); derivatives built before are built again.

    Static analysis decides which memory carries derivatives. Where that depends on data (a branch that
    writes through either a constant or a differentiated array; a pe.Duplicated whose shadow is its
    primal), it cannot prove a choice safe and refuses the call. With runtime activity on, every
    constant float array passed to pe.autodiff gets a zeroed scratch shadow each call (what a write
    through it adds is thrown away, what is read from it is zero), and a pe.Duplicated whose shadow is
    its own primal is a constant: the derivatives are right, at the cost of one zeroed array per
    constant array argument and call. (In forward mode a shadow that is its primal is a direction like
    any other, as long as the function does not write the array.)

    >>> import pyenzyme as pe
    >>> pe.set_runtime_activity(True); pe.runtime_activity()
    True
    >>> pe.set_runtime_activity(False)
    """
    if not isinstance(flag, bool):
        raise TypeError(f"flag: expected True or False, got {flag!r}")
    if flag != _runtime_activity[0]:
        from .plans import forget_all

        _runtime_activity[0] = flag
        forget_all()


def runtime_activity() -> bool:
    """Whether runtime activity is on (see `set_runtime_activity`)."""
    return _runtime_activity[0]


def walk(head: list, args, active: Callable | None):
    """(key, primal values, shadows in call order, width) of annotated `args`.

    `head`: the first items of the key (function, mode parts). `active(position, value)`: the value an
    Active argument is differentiated at (reverse mode); None refuses Active (forward mode). The key
    holds, per argument, its annotation class and a cheap fingerprint of its value's type.
    """
    key = list(head)
    key.append(0)  # the batch width, filled below
    width_at = len(key) - 1
    primals: list = []
    shadows: list = []
    scratch: list = []  # runtime activity: (key index, shadow index) of constant arrays given a shadow
    runtime = _runtime_activity[0]
    for a in args:
        t = type(a)
        pos = len(primals) + 1
        if (
            active is not None  # reverse mode: adjoints would be added into the values still being read
            and (t is Duplicated or t is DuplicatedNoNeed)
            and a.dval is a.val
            and isinstance(a.val, np.ndarray)
        ):
            if not runtime:
                raise ActivityError(
                    f"argument {pos}: the shadow is the primal array itself, so no analysis can tell the "
                    "derivative's writes from the function's; pass a separate shadow (np.zeros_like(x)), "
                    "or call pe.set_runtime_activity(True) to treat the argument as a constant"
                )
            t, a = Const, Const(a.val)  # runtime activity: a shadow that is its primal makes a constant
        if t is Duplicated or t is DuplicatedNoNeed:
            v = a.val
            shadows.append(a.dval)
        elif t is Const:
            v = a.val
        elif t is BatchDuplicated or t is BatchDuplicatedNoNeed:
            v = a.val
            w = len(a.dval)
            if key[width_at] and w != key[width_at]:
                raise ValueError(
                    f"argument {pos}: batch width {w} differs from the width {key[width_at]} of an earlier argument"
                )
            key[width_at] = w
            shadows.extend(a.dval)
        elif t is Active and active is not None:
            v = active(pos, a.val)
        else:
            t, v, _ = unwrap(pos, a)
            if t is not Const:
                raise ActivityError(
                    f"argument {pos}: pe.{t.__name__} is not allowed in {'forward' if active is None else 'this'} mode"
                )
        if rules.inactive_types and t is not Const and rules.is_inactive_type(nbtype(pos, v)):
            raise ActivityError(
                f"argument {pos}: values of type {nbtype(pos, v)} are constants (pe.rules.inactive_type); "
                f"pass it as pe.Const(x)"
            )
        if runtime and t is Const and isinstance(v, np.ndarray) and v.dtype.kind in "fc":
            scratch.append((len(key), len(shadows)))
        key.append(t)
        key.append(type(v) if type(v) is float else fingerprint(v))
        primals.append(v)
    width = max(key[width_at], 1)
    for at, where in reversed(scratch):  # constant arrays get zeroed shadows (one per lane)
        key[at] = Duplicated if width == 1 else BatchDuplicated
        v = primals[(at - width_at - 1) // 2]
        shadows[where:where] = [np.zeros_like(v) for _ in range(width)]
    return tuple(key), primals, shadows, width


def activities_of(key: tuple, head_length: int) -> tuple:
    """The annotation classes stored in a `walk` key."""
    return key[head_length + 1 :: 2]


class Caller:
    """`call(P, S)` for one signature, generated once: the shadows' fit tested inline, the trampoline called
    directly; a shadow that does not fit exactly goes through `slow`, which checks, converts, stages arrays
    of other strides and copies them back.

    `slots`: (argument index, lane) for every shadow in call order; `extra`: trampoline arguments after the
    shadows (seeds); `result`: the Python expression over `r` (the trampoline's tuple) the call returns;
    `after`: a statement run after the trampoline (e.g. recording the tape size).
    """

    def __init__(self, argtypes, acts, slots, tramp, addr, extra=(), result="r", after="", ns=None):
        self.argtypes, self.acts, self.slots = argtypes, acts, slots
        n, m = len(argtypes), len(slots)
        unpack = (f"    {''.join(f'p{i}, ' for i in range(n))}= P\n" if n else "") + (
            f"    {''.join(f's{j}, ' for j in range(m))}= S\n" if m else ""
        )
        call_args = ", ".join(["_addr"] + [f"p{i}" for i in range(n)] + [f"s{j}" for j in range(m)] + list(extra))
        body = f"    r = _tramp({call_args})\n" + (f"    {after}\n" if after else "") + f"    return {result}\n"
        conds = [fast_shadow_test(argtypes[i], f"p{i}", f"s{j}") for j, (i, _) in enumerate(slots)]
        guard = f"    if not ({' and '.join(conds)}):\n        return _slow(P, S)\n" if conds else ""
        space = {"_nd": np.ndarray, "_tramp": tramp, "_addr": addr, "_slow": self.slow, **(ns or {})}
        exec(f"def core(P, S):\n{unpack}{body}def call(P, S):\n{unpack}{guard}{body}", space)
        self.core, self.call = space["core"], space["call"]

    def slow(self, primals, shadows):
        shadows = list(shadows)
        staged = []
        for j, (i, lane) in enumerate(self.slots):
            p, t = primals[i], self.argtypes[i]
            check_shadow(i + 1, p, t, shadows[j], lane if self.acts[i] in BATCH else None)
            shadows[j], orig = coerce_shadow(p, t, shadows[j])
            if orig is not None:
                staged.append((shadows[j], orig))
        out = self.core(primals, shadows)
        for s2, orig in staged:
            orig[...] = s2
        return out
