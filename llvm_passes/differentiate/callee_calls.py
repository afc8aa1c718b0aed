"""Reverse mode through calls that stayed calls (a recursive function is never inlined).

Input: a reverse pass and a call of a function defined in the module. Output:
the callee's split derivative for the activities of the call's operands,
made once per (callee, activities, width) and declared before its body is
built, so that a recursive callee calls its own. The forward sweep calls its
forward phase, which leaves the callee's tape in a state block, and pushes
the state's address on the side tape; the call's reverse block pops it and
calls the reverse phase, which consumes the state, adds into the shadows of
the pointer arguments and returns the adjoints of the float arguments
through output slots, which are then added where they belong.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.activity import carries_float, is_float
from ..ir.emitter import opaque_alloca
from ..ir.model import Constant, Instruction

PTR = ir.PointerType()


def calls_derivative(rev, inst: Instruction) -> bool:
    """Does this call of a defined function move derivatives (then both sweeps call its phases)?"""
    return rev.defined(inst.callee) and (inst in rev.activity or any(o in rev.activity for o in inst.operands))


def _kind(rev, inst: Instruction, o) -> str:
    if isinstance(o, Constant) or o not in rev.activity:
        return "const"
    if isinstance(o.type, ir.PointerType):
        return "dup"
    if is_float(o.type):
        return "active"
    if carries_float(o.type):
        raise rev.error(inst, "reverse mode cannot pass an aggregate of active floats by value to a call")
    return "const"


def phases(rev, inst: Instruction):
    """(forward phase, reverse phase, kinds, callee returns a float) of the callee for this call."""
    return split_phases(rev, inst.callee or "", tuple(_kind(rev, inst, o) for o in inst.operands))


def split_phases(
    rev,
    callee: str,
    kinds: tuple[str, ...],
    atomic: frozenset[int] | None = None,
    modified: frozenset[int] | None = None,
):
    """(forward phase, reverse phase, kinds, returns a float) of the module's function `callee` for
    these argument kinds. `atomic`: the pointer arguments whose shadow memory its reverse phase adds
    into atomically (phases that run at once on several threads); by default none. `modified`: the
    pointer arguments whose memory the caller may write between the phases; by default all."""
    atomic = frozenset() if atomic is None else atomic
    key = (callee, kinds, rev.width, atomic, modified)
    got = rev.memo.get(key)
    if got is None:
        from ..ir.reader import read_function
        from .reverse import ReversePass

        sub_func = read_function(rev.module, callee)
        sub_func.locations.update(rev.func.locations)
        pointers = frozenset(i for i, a in enumerate(sub_func.args) if isinstance(a.type, ir.PointerType))
        pointers = pointers if modified is None else pointers & modified
        sub = ReversePass(
            sub_func,
            rev.emitter,
            kinds,
            rev.module,
            split=True,
            modified_between=pointers,  # the caller may write anything between the sweeps
            width=rev.width,
            reuse_tapes=rev.reuse_tapes,
            memo=rev.memo,
            atomic_adjoints=atomic,
        )
        name = rev.emitter.fresh_name(f"split.{callee}")
        outer = ir.FunctionType(sub_func.return_type, sub.entry_types()[:-1])  # without the phase number
        forward = ir.Function(rev.emitter.module, outer, f"{name}.forward")
        reverse = ir.Function(rev.emitter.module, outer, f"{name}.reverse")
        got = rev.memo[key] = (forward, reverse, kinds, sub.returns_float)
        made = sub.run(name)
        for fn in made if isinstance(made, list) else [made]:
            fn.linkage = "internal"
    return got


def forward_phase(rev, sweep, b: ir.IRBuilder, inst: Instruction):
    """In the forward sweep: the callee's forward phase in place of the call; its state on the side tape."""
    forward, _, kinds, returns_float = phases(rev, inst)
    W = rev.width
    args: list = []
    for o, k in zip(inst.operands, kinds):
        args.append(sweep.get(o))
        if k == "dup":
            args += [sweep.shadow_or_default(b, o, j, inst) for j in range(W)]
        elif k == "active":
            args += [ir.Constant(PTR, None)] * W  # adjoints come out of the reverse phase only
    if returns_float:
        args += [ir.Constant(inst.type, 0.0)] * W  # seeds, read by the reverse phase only
    state = sweep.entry_alloca(PTR, b)
    args += [ir.Constant(PTR, None), state]  # no tape size asked for; where the state's address goes
    out = b.call(forward, args)
    rev.side_tape().push(b, [b.load(state, typ=PTR)])
    return out


def reverse_phase(rev, b: ir.IRBuilder, inst: Instruction, lane: int) -> None:
    """In the call's reverse block (every lane at once): the callee's reverse phase on its state."""
    if lane > 0:
        return
    _, reverse, kinds, returns_float = phases(rev, inst)
    W = rev.width
    (state,) = rev.side_tape().pop(b, [PTR])
    state_ref = opaque_alloca(rev.setup, PTR)
    b.store(state, state_ref)
    args: list = []
    outs = []
    for o, k in zip(inst.operands, kinds):
        args.append(rev.primal(b, o))
        if k == "dup":
            args += [rev.shadow(b, o, j) for j in range(W)]
        elif k == "active":
            for j in range(W):
                slot = opaque_alloca(rev.setup, o.type)
                b.store(ir.Constant(o.type, 0.0), slot)
                args.append(slot)
                outs.append((o, j, slot))
    if returns_float:
        zero = ir.Constant(inst.type, 0.0)
        args += [rev.adjoints.take(b, inst, j) if rev.adjoints.has(inst) else zero for j in range(W)]
    args += [ir.Constant(PTR, None), state_ref]
    b.call(reverse, args)
    for o, j, slot in outs:
        if rev.adjoints.has(o):
            rev.adjoints.add(b, o, b.load(slot, typ=o.type), j)
