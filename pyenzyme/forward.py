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
from .frontend.build import build_forward
from .frontend.capture import as_dispatcher, compiled, resolve_signature
from .frontend.plans import cached_plan
from .frontend.signature import has_float_data
from .jit.trampoline import make_trampoline
from .modes import InlineABI

DUP = (Duplicated, DuplicatedNoNeed)
BATCH = (BatchDuplicated, BatchDuplicatedNoNeed)
SHADOWED = DUP + BATCH


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
            ret_act = Const if not has_float_data(rettype) else (Duplicated if width == 1 else BatchDuplicated)
        check_return(ret_act, rettype)
        if width > 1 and ret_act in DUP:
            ret_act = BatchDuplicated if ret_act is Duplicated else BatchDuplicatedNoNeed
        for i, (a, t) in enumerate(zip(acts, argtypes)):
            if a is Active:
                raise ActivityError(
                    f"argument {i + 1}: pe.Active is not allowed in forward mode; "
                    "use pe.Duplicated(x, dx) to give a tangent"
                )
            if a in SHADOWED and not has_float_data(t):
                raise ActivityError(
                    f"argument {i + 1}: {t} has no floating-point data to differentiate; pass it as pe.Const"
                )
        if width > 1:
            for i, a in enumerate(acts):
                if a in DUP:
                    raise ActivityError(
                        f"argument {i + 1}: pe.{a.__name__} cannot be mixed with batch arguments; "
                        f"use pe.BatchDuplicated(x, (dx1, ..., dx{width}))"
                    )
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
        self.__call__ = self._generate_caller()

    def shadow_conditions(self) -> list[str]:
        """Python expressions over p{i}/s{j}: does shadow j fit its primal without any conversion?"""
        from numba.core import types

        conds = []
        for j, (i, _) in enumerate(self.shadow_slots):
            t = self.argtypes[i]
            if isinstance(t, types.Array):
                conds.append(
                    f"(type(s{j}) is _nd and s{j}.dtype is p{i}.dtype and s{j}.shape == p{i}.shape "
                    f"and s{j}.strides == p{i}.strides)"
                )
            elif isinstance(t, types.Float) and t.bitwidth == 64:
                conds.append(f"type(s{j}) is float")
            else:
                conds.append("False")
        return conds

    def _generate_caller(self):
        """`call(P, S)` with the shadow checks unrolled for this signature; odd shadows take `slow`."""
        n, m = len(self.argtypes), len(self.shadow_slots)
        lines = ["def call(P, S):\n"]
        if n:
            lines.append(f"    {''.join(f'p{i}, ' for i in range(n))}= P\n")
        if m:
            lines.append(f"    {''.join(f's{j}, ' for j in range(m))}= S\n")
        conds = self.shadow_conditions()
        if conds:
            lines.append(f"    if not ({' and '.join(conds)}):\n        return _slow(P, S)\n")
        args = ["_addr"] + [f"p{i}" for i in range(n)] + [f"s{j}" for j in range(m)]
        lines.append(f"    return _tramp({', '.join(args)})\n")
        ns = {"_nd": np.ndarray, "_slow": self.slow, "_tramp": self.tramp, "_addr": self.addr}
        exec("".join(lines), ns)
        return ns["call"]

    def slow(self, primals, shadows):
        """Check and coerce every shadow; stage arrays whose strides differ from the primal's."""
        shadows = list(shadows)
        staged = []
        for j, (i, k) in enumerate(self.shadow_slots):
            p, s = primals[i], shadows[j]
            check_shadow(i + 1, p, self.argtypes[i], s, k if self.acts[i] in BATCH else None)
            shadows[j], orig = coerce_shadow(p, self.argtypes[i], s)
            if orig is not None:
                staged.append((shadows[j], orig))
        out = self.tramp(self.addr, *primals, *shadows)
        for s2, orig in staged:
            orig[...] = s2
        return out


_plans: dict = {}


def forward_call(mode, f, ret_act, args):
    if isinstance(f, Annotation):
        f = split_function(f)
    key = [f, ret_act, mode.abi, 0]  # modes hash slowly (dataclasses); key on their parts
    primals = []
    shadows: list = []
    for a in args:
        t = type(a)
        if t is Duplicated or t is DuplicatedNoNeed:
            v = a.val
            shadows.append(a.dval)
        elif t is Const:
            v = a.val
        elif t is BatchDuplicated or t is BatchDuplicatedNoNeed:
            v = a.val
            w = len(a.dval)
            if key[3] and w != key[3]:
                raise ValueError(
                    f"argument {len(primals) + 1}: batch width {w} differs from the width {key[3]} "
                    "of an earlier argument"
                )
            key[3] = w
            shadows.extend(a.dval)
        else:
            cls, v, _ = unwrap(len(primals) + 1, a)
            if cls is not Const:
                raise ActivityError(f"argument {len(primals) + 1}: pe.{cls.__name__} is not allowed in forward mode")
            t = Const
        fp = type(v)
        key.append(t)
        key.append(fp if fp is float else fingerprint(v))
        primals.append(v)
    key = tuple(key)
    plan = _plans.get(key)
    if plan is None:
        plan = cached_plan(_plans, key, lambda: _new_plan(f, args, primals, key, ret_act, mode))
    if plan.defaults:
        primals += plan.defaults
    return plan.__call__(primals, shadows)


def _new_plan(f, args, primals, key, ret_act, mode) -> ForwardPlan:
    defaults = [a.val for a in with_defaults(f, args)[len(args) :]]
    full = primals + defaults
    argtypes = tuple(nbtype(i + 1, v) for i, v in enumerate(full))
    acts = key[4::2] + (Const,) * len(defaults)
    check_values(args, acts, "forward")
    plan = ForwardPlan(f, argtypes, acts, ret_act, max(key[3], 1), mode.abi is InlineABI)
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
    conds = plan.shadow_conditions()
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
