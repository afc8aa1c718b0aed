"""Reverse mode, instruction by instruction: one registry from opcode to adjoint handler.

Input: a primal instruction, the reverse pass (forward values, shadows,
adjoint storage) and a batch lane. Output: IR in the instruction's reverse
block that consumes the adjoint of its result and adds into the adjoints of
its operands (or into shadow memory). `REVERSE` has one entry per kind of
instruction; an instruction that carries derivative information but has no
entry is refused, naming it. Arithmetic and math calls come from the
derivative table's partials, moves (select, casts, aggregates, freeze) from
its linear rules; calls go through the callee registry.

Handlers are called as `handler(rev, b, inst, lane)`.
"""

from __future__ import annotations

from collections.abc import Callable

import llvmlite.ir as ir

from ..analysis.activity import carries_float
from ..analysis.memory import roots
from ..callees import callee
from ..derivatives.builder import DerivativeBuilder
from ..derivatives.probe import partial_dependencies
from ..derivatives.table import INACTIVE, LINEAR, OPCODES, ZERO, lookup
from . import callee_calls
from .adjoints import adjoint_zero, fadd_any, zero_of
from .errors import check_store_target


def visit(rev, b: ir.IRBuilder, inst, lane: int) -> None:
    handler = REVERSE.get(inst.opcode)
    if handler is not None:
        handler(rev, b, inst, lane)
    elif rev.adjoints.has(inst):
        raise rev.error(inst, f"no adjoint rule for instruction `{inst.opcode}`")


def rev_load(rev, b, inst, lane) -> None:
    """v = *p: p' += v' (into shadow memory)."""
    if not rev.adjoints.has(inst):
        return
    d = rev.adjoints.take(b, inst, lane)
    sp = rev.shadow(b, inst.operands[0], lane)
    if rev.atomic_adjoints and _shared(rev, inst.operands[0]):
        if not isinstance(inst.type, (ir.DoubleType, ir.FloatType)):
            raise rev.error(inst, f"cannot add the adjoint of a {inst.type} into shared memory atomically")
        b.atomic_rmw("fadd", sp, d, "monotonic")
        return
    b.store(fadd_any(b, b.load(sp, typ=inst.type), d), sp)


def _shared(rev, ptr) -> bool:
    """May other threads add into the shadow of the memory `ptr` points into at the same time?"""
    rs = roots(ptr)
    return rs is None or any(r in rev.atomic_adjoints for r in rs)


def rev_store(rev, b, inst, lane) -> None:
    """*p = v: v' += *p'; *p' = 0 (the overwritten value's adjoint is consumed)."""
    val, ptr = inst.operands
    if not rev.active(ptr):
        if lane == 0:
            check_store_target(rev, inst)
        return
    if not carries_float(val.type):
        return
    sp = rev.shadow(b, ptr, lane)
    if rev.adjoints.has(val):
        rev.adjoints.add(b, val, b.load(sp, typ=val.type), lane)
    b.store(zero_of(val.type), sp)


def rev_phi(rev, b, inst, lane) -> None:
    """Nothing in the block: a phi's adjoint moves along the CFG edge the block was entered by
    (`reverse_cfg.edge`), to the incoming value of that predecessor."""


def rev_rule(rev, b, inst, lane) -> None:
    if rev.adjoints.has(inst):
        apply_rule(rev, b, inst, lookup(inst.opcode), inst.operands, lane)


def apply_rule(rev, b, inst, rule, operands, lane: int) -> None:
    """operand' += result' * partial, reading only the primal values the active operands' partials need."""
    d = rev.adjoints.take(b, inst, lane)
    active = [i for i, o in enumerate(operands) if rev.adjoints.has(o)]
    deps = partial_dependencies(rule, len(operands))
    needed: set = set()
    for i in active:
        needed |= deps[i]
    vals = [rev.primal(b, o) if i in needed else ir.Constant(o.type, ir.Undefined) for i, o in enumerate(operands)]
    result = rev.primal(b, inst) if "result" in needed else ir.Constant(inst.type, ir.Undefined)
    db = DerivativeBuilder(rev.emitter, b, inst.type, result)
    partials = rule.partials(db, *vals)
    for i in active:
        p = partials[i]
        if p is ZERO or p is INACTIVE:
            continue
        rev.adjoints.add(b, operands[i], db.scale(p, d, rule.strong_zero), lane)


def rev_linear(rev, b, inst, lane) -> None:
    """A move of floats: its linear rule's transpose sends the adjoint back to the operands."""
    if not rev.adjoints.has(inst):
        return
    rule = LINEAR[inst.opcode]
    d = rev.adjoints.take(b, inst, lane)
    primals = {i: rev.primal(b, inst.operands[i]) for i in rule.reads}
    db = DerivativeBuilder(rev.emitter, b, inst.type, zero=adjoint_zero)
    for o, back in zip(inst.operands, rule.adjoint(db, inst, primals, d)):
        if back is not None:
            rev.adjoints.add(b, o, back, lane)


def rev_call(rev, b, inst, lane) -> None:
    """By the callee's facts: its own reverse handler, nothing for bookkeeping, a math rule, or an error."""
    info = callee(inst.callee)
    if info is not None and info.reverse is not None:
        info.reverse(rev, b, inst, lane)
        return
    if info is not None and (info.bookkeeping or info.reads_only):
        return
    rule = lookup(inst.callee or "")
    if rule is not None:
        if rev.adjoints.has(inst):
            apply_rule(rev, b, inst, rule, inst.operands, lane)
        return
    if callee_calls.calls_derivative(rev, inst):
        callee_calls.reverse_phase(rev, b, inst, lane)  # a call that stayed a call: its split derivative
        return
    # values passed by value cannot carry derivatives back out; pointers and results can
    active = [o for o in inst.operands if rev.active(o) and isinstance(o.type, ir.PointerType)]
    if not active and not rev.adjoints.has(inst):
        return
    raise rev.error(inst, f"reverse mode cannot differentiate the call to `{inst.callee}`")


REVERSE: dict[str, Callable] = {
    "load": rev_load,
    "store": rev_store,
    "phi": rev_phi,
    "call": rev_call,
    **{op: rev_linear for op in LINEAR},
    **{op: rev_rule for op in OPCODES},
}
