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

from .annotations import Active, Annotation, Const
from .errors import ActivityError
from .frontend.arguments import check_values, nbtype, split_function, warn_inactive, with_defaults
from .frontend.build import build_reverse
from .frontend.callplan import ACTIVITY, DUP, SHADOWED, Caller, activities_of, default_return, is_inline, walk
from .frontend.capture import as_dispatcher, compiled
from .frontend.kinds import by_value, has_float_data, one
from .frontend.plans import cached_plan, plan_table
from .jit.reverse_call import make_reverse_trampoline


def active_array_error(pos: int) -> ActivityError:
    return ActivityError(
        f"argument {pos}: pe.Active is for scalars and tuples of scalars, got an array; "
        "use pe.Duplicated(x, dx) and read the gradient from dx"
    )


def active_value(pos: int, v):
    """Active values are floats: Python ints become floats; integer tuples are refused."""
    if type(v) is int or isinstance(v, (np.integer, np.bool_)) or type(v) is bool:
        return float(v)
    if isinstance(v, np.ndarray):
        raise active_array_error(pos)
    if isinstance(v, tuple):
        if not any(isinstance(e, (float, complex, np.floating, np.complexfloating)) for e in v):
            raise ActivityError(
                f"argument {pos}: pe.Active tuple {v!r} has no floating-point element to "
                "differentiate; pass it as pe.Const"
            )
        return tuple(float(e) if isinstance(e, (int, np.integer)) else e for e in v)
    return v


class ReversePlan:
    def __init__(self, f, argtypes, acts, ret_act, return_primal: bool, inline: bool, width: int = 1):
        disp = as_dispatcher(f)
        argtypes, cres = compiled(disp, argtypes)
        rettype = cres.signature.return_type
        if ret_act is None:
            ret_act = default_return("reverse", rettype)
        self._check(argtypes, acts, ret_act, rettype)
        self.width = width
        self.cap, self.call = build_reverse(
            disp, argtypes, tuple(ACTIVITY[a] for a in acts), ret_act is Active, inline, return_primal, width
        )
        self.tramp, self.intrinsic, self.addr = make_reverse_trampoline(self.call)
        self.seed = one(rettype) if ret_act is Active else None
        self.argtypes = argtypes
        self.acts = acts
        self.return_primal = return_primal
        self.last_tape_bytes = 0
        self.defaults: list = []  # values of parameters the caller left to their defaults
        slots = [(i, k) for i, a in enumerate(acts) if a in SHADOWED for k in range(width)]
        self.caller = Caller(
            argtypes,
            acts,
            slots,
            self.tramp,
            self.addr,
            extra=["_seed"] * width if self.seed is not None else [],
            result=self._result(),
            after="_plan.last_tape_bytes = r[-1]",
            ns={"_seed": self.seed, "_plan": self},
        )
        self.__call__ = self.caller.call
        self.slow = self.caller.slow

    def _result(self) -> str:
        """`((d_args...),)` or `((d_args...), primal)` over the trampoline's `r`: W lanes per Active one."""
        n, W = len(self.argtypes), self.width
        derivs = ["None"] * n
        for k, i in enumerate(i for i, a in enumerate(self.acts) if a is Active):
            lanes = [f"r[{1 + k * W + j}]" for j in range(W)]
            derivs[i] = lanes[0] if W == 1 else f"({', '.join(lanes)})"
        d = f"({', '.join(derivs)}{',' if n == 1 else ''})"
        return f"({d}, r[0])" if self.return_primal else f"({d},)"

    @staticmethod
    def _check(argtypes, acts, ret_act, rettype):
        for i, (a, t) in enumerate(zip(acts, argtypes)):
            if a in SHADOWED and by_value(t):
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


_plans: dict = plan_table()
last_plan: ReversePlan | None = None  # for diagnostics.tape_bytes
_HEAD = 4  # key: function, return activity, ABI, return_primal, then the walk's width and arguments


def _new_plan(f, args, primals, shadows, key, width, ret_act, mode) -> ReversePlan:
    defaults = [a.val for a in with_defaults(f, args)[len(args) :]]
    argtypes = tuple(nbtype(i + 1, v) for i, v in enumerate(primals + defaults))
    acts = activities_of(key, _HEAD) + (Const,) * len(defaults)
    if width > 1 and any(t in DUP for t in acts):
        raise ActivityError("batch mode: every shadowed argument must be pe.BatchDuplicated with the same width")
    check_values(args, acts, "reverse")
    plan = ReversePlan(f, argtypes, acts, ret_act, mode.return_primal, is_inline(mode), width)
    plan.defaults = defaults
    warn_inactive(args, acts, "reverse", seeded=plan.seed is not None, shadows=shadows)
    return plan


def reverse_call(mode, f, ret_act, args):
    if isinstance(f, Annotation):
        f = split_function(f)
    key, primals, shadows, width = walk([f, ret_act, mode.abi, mode.return_primal], args, active=active_value)
    plan = _plans.get(key)
    if plan is None:
        plan = cached_plan(_plans, key, lambda: _new_plan(f, args, primals, shadows, key, width, ret_act, mode))
    if plan.defaults:
        primals += plan.defaults
    global last_plan
    last_plan = plan
    return plan.__call__(primals, shadows)
