"""Adjoint storage of the reverse sweep: one stack slot per (value, lane).

Input: the function's setup block (where slots are allocated and zeroed) and
the activity analysis. Output: `add(b, v, delta, lane)` accumulates into v's
adjoint, `take(b, v, lane)` reads it and resets it to zero (an adjoint is
consumed once its instruction is reversed); aggregates of floats accumulate
field by field. LLVM promotes the slots to registers.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.activity import carries_float, is_float
from ..ir.emitter import opaque_alloca
from ..ir.model import Constant, Value


def zero_of(ty: ir.Type) -> ir.Value:
    return ir.Constant(ty, None)


def adjoint_zero(ty: ir.Type) -> ir.Value:
    """-0.0 in every float field: x + (-0.0) == x exactly, so LLVM folds the first accumulation."""
    if is_float(ty):
        return ir.Constant(ty, -0.0)
    if isinstance(ty, ir.LiteralStructType):
        return ir.Constant(ty, [adjoint_zero(t) if carries_float(t) else zero_of(t) for t in ty.elements])
    if isinstance(ty, ir.ArrayType) and carries_float(ty.element):
        return ir.Constant(ty, [adjoint_zero(ty.element)] * ty.count)
    return zero_of(ty)


def fadd_any(b: ir.IRBuilder, a: ir.Value, d: ir.Value) -> ir.Value:
    """a + d for floats and, field by field, for aggregates of floats."""
    ty = a.type
    if is_float(ty):
        return b.fadd(a, d)
    elems = ty.elements if isinstance(ty, ir.LiteralStructType) else [ty.element] * ty.count
    out = a
    for i, et in enumerate(elems):
        if carries_float(et):
            out = b.insert_value(out, fadd_any(b, b.extract_value(a, i), b.extract_value(d, i)), i)
    return out


class Adjoints:
    def __init__(self, setup: ir.IRBuilder, activity):
        self.setup = setup
        self.activity = activity
        self.slots: dict[tuple[Value, int], ir.Value] = {}

    def has(self, v: Value) -> bool:
        """Does `v` carry an adjoint (an active value holding floats)?"""
        return v in self.activity and not isinstance(v, Constant) and carries_float(v.type)

    def slot(self, v: Value, lane: int) -> ir.Value:
        slot = self.slots.get((v, lane))
        if slot is None:
            slot = self.slots[(v, lane)] = opaque_alloca(self.setup, v.type, name=f"{v.name}.adj{lane}")
            self.setup.store(adjoint_zero(v.type), slot)
        return slot

    def add(self, b: ir.IRBuilder, v: Value, delta: ir.Value, lane: int) -> None:
        if not self.has(v):
            return
        slot = self.slot(v, lane)
        b.store(fadd_any(b, b.load(slot, typ=v.type), delta), slot)

    def take(self, b: ir.IRBuilder, v: Value, lane: int) -> ir.Value:
        slot = self.slot(v, lane)
        d = b.load(slot, typ=v.type)
        b.store(adjoint_zero(v.type), slot)
        return d

    def final(self, b: ir.IRBuilder, v: Value, lane: int) -> ir.Value | None:
        """The accumulated adjoint of `v` at the end of the sweep, or None if nothing reached it."""
        slot = self.slots.get((v, lane))
        return b.load(slot, typ=v.type) if slot is not None else None
