"""Forward mode from Python: call plans and thunks.

Input: a function, a return activity and annotated arguments. Output: the
forward-mode results in API.md's shapes. A *plan* is compiled once per
(function, mode, return activity, argument fingerprints); calling it checks
shadows cheaply, stages shadows whose strides differ from the primal's, and
calls the njit trampoline.
"""

from __future__ import annotations

import numpy as np

from .annotations import Active, Annotation, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from .errors import ActivityError
from .frontend.arguments import check_values, nbtype, split_function, warn_inactive, with_defaults
from .frontend.build import build_forward
from .frontend.callplan import BATCH, DUP, SHADOWED, Caller, activities_of, default_return, is_inline, walk
from .frontend.capture import as_dispatcher, compiled, resolve_signature
from .frontend.kinds import fast_shadow_test, has_float_data
from .frontend.plans import cached_plan, plan_table
from .jit.trampoline import make_trampoline


def return_type(disp, argtypes):
    return compiled(disp, argtypes)[1].signature.return_type


def check_return(ret_act, rettype):
    if ret_act is Active:
        raise ActivityError(
            "return: pe.Active is not a forward-mode return activity; use pe.Duplicated, "
            "pe.DuplicatedNoNeed or pe.Const"
        )
    if ret_act is not Const and not has_float_data(rettype):
        raise ActivityError(f"return: the function returns {rettype}, which has no derivative; use pe.Const")


def _result_expr(ret_act, width: int) -> str:
    lanes = ", ".join(f"r[{k + 1}]" for k in range(width)) + ("," if width == 1 else "")
    return {
        Duplicated: "(r[0], r[1])",
        DuplicatedNoNeed: "(r[1],)",
        BatchDuplicated: f"(r[0], ({lanes}))",
        BatchDuplicatedNoNeed: f"(({lanes}),)",
    }.get(ret_act, "()")


class ForwardPlan:
    """A compiled forward derivative for one signature, plus its per-call checks."""

    def __init__(self, f, argtypes, acts, ret_act, width, inline, values=None):
        disp = as_dispatcher(f)
        argtypes = resolve_signature(disp, argtypes)
        rettype = return_type(disp, argtypes)
        if ret_act is None:
            ret_act = default_return("forward", rettype, width)
        check_return(ret_act, rettype)
        if width > 1 and ret_act in DUP:
            ret_act = BatchDuplicated if ret_act is Duplicated else BatchDuplicatedNoNeed
        _check_arguments(argtypes, acts, width)
        shadowed = [a in SHADOWED for a in acts]
        self.ret_act = ret_act
        self.cap, self.deriv = build_forward(disp, argtypes, shadowed, ret_act in SHADOWED, width, inline)
        arity = len(argtypes) + sum(width for s in shadowed if s)
        self.tramp, self.intrinsic, self.addr = make_trampoline(self.deriv, arity, _result_expr(ret_act, width))
        self.argtypes = argtypes
        self.acts = acts
        self.width = width
        # (argument index, lane) for every shadow in call order
        self.shadow_slots = [(i, k) for i, s in enumerate(shadowed) if s for k in range(width)]
        self.defaults: list = []  # values of parameters the caller left to their defaults
        self.caller = Caller(argtypes, acts, self.shadow_slots, self.tramp, self.addr)
        self.__call__ = self.caller.call
        self.slow = self.caller.slow


def _check_arguments(argtypes, acts, width) -> None:
    for i, (a, t) in enumerate(zip(acts, argtypes)):
        if a is Active:
            raise ActivityError(
                f"argument {i + 1}: pe.Active is not allowed in forward mode; use pe.Duplicated(x, dx) to give a tangent"
            )
        if a in SHADOWED and not has_float_data(t):
            raise ActivityError(
                f"argument {i + 1}: {t} has no floating-point data to differentiate; pass it as pe.Const"
            )
        if width > 1 and a in DUP:
            raise ActivityError(
                f"argument {i + 1}: pe.{a.__name__} cannot be mixed with batch arguments; "
                f"use pe.BatchDuplicated(x, (dx1, ..., dx{width}))"
            )


_plans: dict = plan_table()
_HEAD = 3  # key: function, return activity, ABI, then the walk's width and arguments


def forward_call(mode, f, ret_act, args):
    if isinstance(f, Annotation):
        f = split_function(f)
    key, primals, shadows, width = walk([f, ret_act, mode.abi], args, active=None)
    plan = _plans.get(key)
    if plan is None:
        plan = cached_plan(_plans, key, lambda: _new_plan(f, args, primals, key, width, ret_act, mode))
    if plan.defaults:
        primals += plan.defaults
    return plan.__call__(primals, shadows)


def _new_plan(f, args, primals, key, width, ret_act, mode) -> ForwardPlan:
    defaults = [a.val for a in with_defaults(f, args)[len(args) :]]
    full = primals + defaults
    argtypes = tuple(nbtype(i + 1, v) for i, v in enumerate(full))
    acts = activities_of(key, _HEAD) + (Const,) * len(defaults)
    check_values(args, acts, "forward")
    plan = ForwardPlan(f, argtypes, acts, ret_act, width, is_inline(mode))
    plan.defaults = defaults
    warn_inactive(args, acts, "forward")
    return plan


def make_forward_thunk(plan: ForwardPlan):
    """`thunk(pe.Const(f), *annotated_args)`: generated Python, no loops, straight into the trampoline."""
    names, lines, shad = [], [], []
    for i, a in enumerate(plan.acts):
        names.append(f"a{i}")
        if a is Const:
            lines.append(f"    p{i} = _val(a{i})\n")
            continue
        lines.append(f"    if type(a{i}) is not A{i}: _bad({i}, a{i})\n    p{i} = a{i}.val\n")
        if a in DUP:
            shad.append(f"a{i}.dval")
        elif a in BATCH:
            shad.extend(f"a{i}.dval[{k}]" for k in range(plan.width))
    lines += [f"    s{j} = {e}\n" for j, e in enumerate(shad)]
    prim = [f"p{i}" for i in range(len(plan.acts))]
    svals = [f"s{j}" for j in range(len(shad))]
    conds = [fast_shadow_test(plan.argtypes[i], f"p{i}", f"s{j}") for j, (i, _) in enumerate(plan.shadow_slots)]
    if conds:
        lines.append(
            f"    if not ({' and '.join(conds)}):\n        return _slow([{', '.join(prim)}], [{', '.join(svals)}])\n"
        )
    lines.append(f"    return _tramp({', '.join(['_addr'] + prim + svals)})\n")
    src = f"def thunk(fa, {', '.join(names)}):\n" + "".join(lines)

    def bad(i, a):
        raise ActivityError(f"argument {i + 1}: expected pe.{plan.acts[i].__name__}, got {type(a).__name__}")

    ns = {f"A{i}": a for i, a in enumerate(plan.acts)}
    ns.update(_slow=plan.slow, _tramp=plan.tramp, _addr=plan.addr, _nd=np.ndarray, _bad=bad, _val=_const_value)
    exec(src, ns)
    thunk = ns["thunk"]
    thunk.plan = plan
    return thunk


def _const_value(a):
    return a.val if type(a) is Const else a
