"""Reverse mode from Python: plans for combined reverse calls.

Input: a function, a return activity (Active / Const, or guessed) and
annotated arguments: Active scalars (floats, ints as floats, complex, tuples
of floats), Duplicated arrays and Const values. Output: `((d_args...),)` or,
with ReverseWithPrimal, `((d_args...), primal)`; None stands for every
argument that is not Active. Shadows of Duplicated arguments are added into.
"""

from __future__ import annotations

import numpy as np
from numba.core import types

from .annotations import Active, Annotation, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from .errors import ActivityError
from .frontend.arguments import (
    check_shadow,
    check_values,
    coerce_shadow,
    fingerprint,
    nbtype,
    split_function,
    unwrap,
    warn_inactive,
    with_defaults,
)
from .frontend.build import build_reverse
from .frontend.capture import as_dispatcher, compiled
from .frontend.plans import cached_plan
from .frontend.signature import has_float_data
from .jit.reverse_call import make_reverse_trampoline
from .modes import InlineABI

_KIND = {
    Const: "const",
    Active: "active",
    Duplicated: "dup",
    DuplicatedNoNeed: "dup",
    BatchDuplicated: "dup",
    BatchDuplicatedNoNeed: "dup",
}
_SHADOWED = (Duplicated, DuplicatedNoNeed, BatchDuplicated, BatchDuplicatedNoNeed)


def _active_value(pos: int, v):
    """Active values are floats: Python ints become floats; integer tuples are refused."""
    if type(v) is int or isinstance(v, (np.integer, np.bool_)) or type(v) is bool:
        return float(v)
    if isinstance(v, np.ndarray):
        raise ActivityError(
            f"argument {pos}: pe.Active is for scalars and tuples of scalars, got an array; "
            "use pe.Duplicated(x, dx) and read the gradient from dx"
        )
    if isinstance(v, tuple):
        if not any(isinstance(e, (float, complex, np.floating, np.complexfloating)) for e in v):
            raise ActivityError(
                f"argument {pos}: pe.Active tuple {v!r} has no floating-point element to "
                "differentiate; pass it as pe.Const"
            )
        return tuple(float(e) if isinstance(e, (int, np.integer)) else e for e in v)
    return v


def _immutable_floats(t) -> bool:
    """Does a value of this type hold floats outside arrays (passed by value, so no shadow memory)?"""
    if isinstance(t, (types.Float, types.Complex)):
        return True
    if isinstance(t, types.BaseTuple):
        return any(_immutable_floats(e) for e in t.types)
    return False


def _ones(t):
    """The seed 1 for a scalar return (every float component of a tuple gets 1)."""
    if isinstance(t, types.BaseTuple):
        return tuple(_ones(e) for e in t.types)
    if isinstance(t, types.Complex):
        return complex(1.0, 0.0)
    if isinstance(t, types.Float):
        return np.float32(1.0) if t.bitwidth == 32 else 1.0
    return 0


class ReversePlan:
    def __init__(self, f, argtypes, acts, ret_act, return_primal: bool, inline: bool, width: int = 1):
        disp = as_dispatcher(f)
        argtypes, cres = compiled(disp, argtypes)
        rettype = cres.signature.return_type
        if ret_act is None:
            ret_act = (
                Active
                if (
                    isinstance(rettype, (types.Float, types.Complex))
                    or (isinstance(rettype, types.BaseTuple) and has_float_data(rettype))
                )
                else Const
            )
        self._check(argtypes, acts, ret_act, rettype)
        kinds = tuple(_KIND[a] for a in acts)
        self.width = width
        self.cap, self.call = build_reverse(disp, argtypes, kinds, ret_act is Active, inline, return_primal, width)
        self.tramp, self.intrinsic, self.addr = make_reverse_trampoline(self.call)
        self.seed = _ones(rettype) if ret_act is Active else None
        self.argtypes = argtypes
        self.acts = acts
        self.return_primal = return_primal
        self.last_tape_bytes = 0
        self.defaults: list = []  # values of parameters the caller left to their defaults
        self.__call__ = self._generate_caller()

    @staticmethod
    def _check(argtypes, acts, ret_act, rettype):
        for i, (a, t) in enumerate(zip(acts, argtypes)):
            if a in _SHADOWED and _immutable_floats(t):
                raise ActivityError(
                    f"argument {i + 1}: pe.{a.__name__} needs mutable memory (arrays); the "
                    f"floats in a {t} cannot carry their derivative back in reverse mode: "
                    "use pe.Active for them"
                )
            if a is not Const and not has_float_data(t):
                raise ActivityError(
                    f"argument {i + 1}: {t} has no floating-point data to differentiate; pass it as pe.Const"
                )
        if ret_act is Active:
            if isinstance(rettype, types.Array):
                raise ActivityError(
                    f"return: pe.Active needs a scalar return, but the function returns {rettype}; "
                    "use pe.jacobian(pe.Reverse, ...) or split mode with a Duplicated return"
                )
            if not has_float_data(rettype):
                raise ActivityError(f"return: the function returns {rettype}, which has no derivative; use pe.Const")
        elif ret_act is not Const:
            raise ActivityError(
                f"return: combined reverse mode takes pe.Active or pe.Const, got "
                f"pe.{getattr(ret_act, '__name__', ret_act)}; use split mode (autodiff_thunk) "
                "for Duplicated returns"
            )

    def _generate_caller(self):
        """`call(P, S)` -> API result; array-shadow checks unrolled, odd shadows go through `slow`."""
        n = len(self.argtypes)
        W = self.width
        dups = [i for i, a in enumerate(self.acts) if a in _SHADOWED for _ in range(W)]
        actives = [i for i, a in enumerate(self.acts) if a is Active]
        unpack = ""
        if n:
            unpack += f"    {''.join(f'p{i}, ' for i in range(n))}= P\n"
        if dups:
            unpack += f"    {''.join(f's{j}, ' for j in range(len(dups)))}= S\n"
        conds = []
        for j, i in enumerate(dups):
            if isinstance(self.argtypes[i], types.Array):
                conds.append(
                    f"(type(s{j}) is _nd and s{j}.dtype is p{i}.dtype and s{j}.shape == p{i}.shape "
                    f"and s{j}.strides == p{i}.strides)"
                )
            else:
                conds.append("False")
        args = ["_addr"] + [f"p{i}" for i in range(n)] + [f"s{j}" for j in range(len(dups))]
        if self.seed is not None:
            args += ["_seed"] * W
        derivs = ["None"] * n
        for k, i in enumerate(actives):
            lanes = [f"r[{1 + k * W + j}]" for j in range(W)]
            derivs[i] = lanes[0] if W == 1 else f"({', '.join(lanes)})"
        d = f"({', '.join(derivs)}{',' if n == 1 else ''})"
        result = f"({d}, r[0])" if self.return_primal else f"({d},)"
        core = (
            f"def core(P, S):\n{unpack}    r = _tramp({', '.join(args)})\n"
            f"    _plan.last_tape_bytes = r[-1]\n    return {result}\n"
        )
        call = f"def call(P, S):\n{unpack}"
        if conds:
            call += f"    if not ({' and '.join(conds)}):\n        return _slow(P, S)\n"
        call += f"    r = _tramp({', '.join(args)})\n    _plan.last_tape_bytes = r[-1]\n    return {result}\n"
        ns = {
            "_nd": np.ndarray,
            "_slow": self.slow,
            "_tramp": self.tramp,
            "_seed": self.seed,
            "_plan": self,
            "_addr": self.addr,
        }
        exec(core + call, ns)
        self._core = ns["core"]
        return ns["call"]

    def slow(self, primals, shadows):
        shadows = list(shadows)
        dups = [i for i, a in enumerate(self.acts) if a in _SHADOWED for _ in range(self.width)]
        staged = []
        for j, i in enumerate(dups):
            check_shadow(i + 1, primals[i], self.argtypes[i], shadows[j])
            shadows[j], orig = coerce_shadow(primals[i], self.argtypes[i], shadows[j])
            if orig is not None:
                staged.append((shadows[j], orig))
        out = self._core(primals, shadows)
        for s2, orig in staged:
            orig[...] = s2
        return out


_plans: dict = {}
last_plan: ReversePlan | None = None  # for diagnostics.tape_bytes


def _new_plan(f, args, primals, shadows, key, ret_act, mode) -> ReversePlan:
    defaults = [a.val for a in with_defaults(f, args)[len(args) :]]
    argtypes = tuple(nbtype(i + 1, v) for i, v in enumerate(primals + defaults))
    width = max(key[4], 1)
    acts = key[5::2] + (Const,) * len(defaults)
    if width > 1 and any(t in (Duplicated, DuplicatedNoNeed) for t in acts):
        raise ActivityError("batch mode: every shadowed argument must be pe.BatchDuplicated with the same width")
    check_values(args, acts, "reverse")
    plan = ReversePlan(f, argtypes, acts, ret_act, mode.return_primal, mode.abi is InlineABI, width)
    plan.defaults = defaults
    warn_inactive(args, acts, "reverse", seeded=plan.seed is not None, shadows=shadows)
    return plan


def reverse_call(mode, f, ret_act, args):
    if isinstance(f, Annotation):
        f = split_function(f)
    key = [f, ret_act, mode.abi, mode.return_primal, 0]
    primals = []
    shadows = []
    for a in args:
        t = type(a)
        pos = len(primals) + 1
        if t is Duplicated or t is DuplicatedNoNeed:
            v = a.val
            shadows.append(a.dval)
        elif t is BatchDuplicated or t is BatchDuplicatedNoNeed:
            v = a.val
            w = len(a.dval)
            if key[4] and w != key[4]:
                raise ValueError(
                    f"argument {pos}: batch width {w} differs from the width {key[4]} of an earlier argument"
                )
            key[4] = w
            shadows.extend(a.dval)
        elif t is Active:
            v = _active_value(pos, a.val)
        elif t is Const:
            v = a.val
        else:
            t, v, _ = unwrap(pos, a)
            if t is not Const:
                raise ActivityError(f"argument {pos}: pe.{t.__name__} is not supported in reverse mode yet")
        key.append(t)
        key.append(type(v) if type(v) is float else fingerprint(v))
        primals.append(v)
    key = tuple(key)
    plan = _plans.get(key)
    if plan is None:
        plan = cached_plan(_plans, key, lambda: _new_plan(f, args, primals, shadows, key, ret_act, mode))
    if plan.defaults:
        primals += plan.defaults
    global last_plan
    last_plan = plan
    return plan.__call__(primals, shadows)
