"""Activity analysis: which values carry derivative information.

Input: a model function and the set of arguments that have shadows (active
floats and duplicated pointers). Output: the set of *active* values, those
that depend on an active input (or are memory that may hold active data) and
so get a shadow: a tangent for a float, a shadow pointer for a pointer. The
propagation is a fixed point over the function (phis make cycles).
Integer arithmetic is inactive; integers only carry a shadow when they are
bit copies moved through memory, phis or selects (pointer-sized copies).
`print_activity` shows the result, one `value: active|constant` per line.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..callees import callee
from ..derivatives.table import lookup
from ..ir.model import Argument, Function, Instruction, Value


def is_float(ty: ir.Type) -> bool:
    return isinstance(ty, (ir.DoubleType, ir.FloatType, ir.HalfType)) or (
        isinstance(ty, ir.VectorType) and is_float(ty.element)
    )


def carries_float(ty: ir.Type) -> bool:
    """Does a value of this type hold floats (itself, or fields of an aggregate): can it have an adjoint?"""
    if is_float(ty):
        return True
    if isinstance(ty, ir.LiteralStructType):
        return any(carries_float(t) for t in ty.elements)
    if isinstance(ty, ir.ArrayType):
        return carries_float(ty.element)
    return False


def holds_active_data(ty: ir.Type) -> bool:
    """Can a value of this type carry derivative information (floats, pointers)?"""
    if is_float(ty) or isinstance(ty, ir.PointerType):
        return True
    if isinstance(ty, ir.LiteralStructType):
        return any(holds_active_data(t) for t in ty.elements)
    if isinstance(ty, ir.ArrayType):
        return holds_active_data(ty.element)
    return False


_PASSTHROUGH = frozenset(
    {
        "getelementptr",
        "bitcast",
        "addrspacecast",
        "ptrtoint",
        "inttoptr",
        "freeze",
        "load",
        "fpext",
        "fptrunc",
        "extractvalue",
        "extractelement",
    }
)
_INT_COPY_ARITH = frozenset({"add", "sub"})  # pointer arithmetic done on integers


class Activity:
    def __init__(self, func: Function, active_args: set[Argument]):
        self.func = func
        self.active: set[Value] = set(active_args)
        # what is stored into each stack slot: a slot of any declared type holds active data
        # as soon as an active value is stored into it
        from .memory import roots

        self._stored: dict[Value, list[Value]] = {}
        self._unknown_stores: list[Value] = []  # values stored where the target object is not known
        # pointers through which an object is reached together with other memory: a phi or select that
        # merges it with another object, or active memory that a pointer to it is stored into. Code
        # that reads through such a pointer needs a shadow for every object behind it, so an object
        # linked to active memory gets one (zeroed: it holds no derivative of its own)
        self._linked: dict[Value, list[Value]] = {}
        for inst in func.instructions():
            if inst.opcode in ("phi", "select") and isinstance(inst.type, ir.PointerType):
                for r in roots(inst) or ():
                    self._linked.setdefault(r, []).append(inst)
            elif inst.opcode == "store" and isinstance(inst.operands[0].type, ir.PointerType):
                for r in roots(inst.operands[0]) or ():
                    self._linked.setdefault(r, []).append(inst.operands[1])
            if inst.opcode == "store":
                rs = roots(inst.operands[1])
                if rs is None:
                    self._unknown_stores.append(inst.operands[0])
                for r in rs or ():
                    self._stored.setdefault(r, []).append(inst.operands[0])
            elif inst.opcode == "call":
                self._note_call_writes(inst, roots)
        self._run()

    def _note_call_writes(self, inst: Instruction, roots) -> None:
        """A copy makes its destination active when the source is; an output, when an input is."""
        info = callee(inst.callee)
        if info is None:
            return
        writes: list[tuple[int, tuple[int, ...]]] = []
        if info.copies:
            writes.append((info.copies[0], (info.copies[1],)))
        writes.extend(info.outputs)
        for out, ins in writes:
            for r in roots(inst.operands[out]) or ():
                self._stored.setdefault(r, []).extend(inst.operands[i] for i in ins)

    def holds_active(self, obj: Value) -> bool:
        """Is an active value written into this object (an alloca, an allocation), or is it linked to
        active memory? (What gives the object a shadow.)"""
        return self._needs_shadow(obj)

    def _needs_shadow(self, obj: Value) -> bool:
        """Is an active value (or active memory, for copies) ever written into this object, or is it
        linked to active memory (merged with it by a phi or select, or stored into it)?"""
        act = self.active
        return (
            any(v in act for v in self._stored.get(obj, ()))
            or any(v in act for v in self._unknown_stores)
            or any(v in act for v in self._linked.get(obj, ()))
        )

    def __contains__(self, v: Value) -> bool:
        return v in self.active

    def _run(self) -> None:
        changed = True
        while changed:
            changed = False
            for inst in self.func.instructions():
                if inst not in self.active and self._becomes_active(inst):
                    self.active.add(inst)
                    changed = True

    def _becomes_active(self, inst: Instruction) -> bool:
        op = inst.opcode
        ops = inst.operands
        act = self.active
        if op == "alloca":
            return holds_active_data(inst.attrs["alloca_type"]) or self._needs_shadow(inst)
        if op in _PASSTHROUGH:
            return ops[0] in act
        if op == "select":
            return ops[1] in act or ops[2] in act
        if op == "phi":
            return any(o in act for o in ops)
        if op in ("insertvalue", "insertelement", "shufflevector"):
            return ops[0] in act or ops[1] in act
        if op in _INT_COPY_ARITH:
            return any(o in act for o in ops)
        if op == "call":
            info = callee(inst.callee)
            if info is not None and info.allocates:
                # memory gets a shadow once active data is written into it, or holds active memory's contents
                return self._needs_shadow(inst) or (info.keeps is not None and ops[info.keeps] in act)
            if info is not None and info.passthrough:
                return ops[0] in act
            if info is not None and info.inactive:
                return False
            return holds_active_data(inst.type) and any(o in act for o in ops)
        if is_float(inst.type) and lookup(op) is not None:
            return any(o in act for o in ops)
        return False

    def instruction_is_active(self, inst: Instruction, inactive_calls=frozenset()) -> bool:
        """Does executing `inst` move derivative information (result, stored value or call)?"""
        if inst in self.active:
            return True
        if inst.opcode == "store":
            val, ptr = inst.operands
            return ptr in self.active and val in self.active
        if inst.opcode == "call":
            info = callee(inst.callee)
            if inst.callee in inactive_calls or (info is not None and info.bookkeeping and not info.allocates):
                return False  # reference counts, frees, data pointers and hints carry no derivative
            return any(o in self.active for o in inst.operands)
        return False


def print_activity(func: Function, activity: Activity, inactive_calls=frozenset()) -> str:
    """`%value: active|constant` for arguments and values; instructions without a name by their text."""
    lines = []
    for a in func.args:
        lines.append(f"%{a.name}: {'active' if a in activity else 'constant'}")
    for inst in func.instructions():
        if inst.is_terminator:
            continue
        label = f"%{inst.name}" if inst.name else inst.text.split(", !")[0]
        state = "active" if activity.instruction_is_active(inst, inactive_calls) else "constant"
        lines.append(f"{label}: {state}")
    return "\n".join(lines)
