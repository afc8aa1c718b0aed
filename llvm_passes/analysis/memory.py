"""Which memory a function writes: the basis for recomputing loads instead of caching them.

Input: a model function. Output: the underlying objects (arguments, allocas,
allocation calls) every pointer is derived from, and whether any argument
memory may be written. A load from argument memory in a function that writes
no argument memory reads the same value in the reverse sweep as in the
forward sweep, so it can be recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable

import llvmlite.ir as ir

from ..callees import callee
from ..ir.model import Argument, Constant, Function, GlobalRef, Instruction, Value

_DERIVED = frozenset({"getelementptr", "bitcast", "addrspacecast", "freeze"})


def roots(v: Value, depth: int = 0, merging: frozenset = frozenset()) -> set[Value] | None:
    """The objects `v` points into, or None when unknown.

    `merging`: the phis and selects being resolved further up; meeting one of
    them again closes a loop-carried cycle, which adds no object of its own.
    """
    if depth > 32:
        return None
    if isinstance(v, (Argument, GlobalRef)):
        return {v}
    if isinstance(v, Constant):
        return set()
    if isinstance(v, Instruction):
        if v.opcode in _DERIVED:
            return roots(v.operands[0], depth + 1, merging)
        if v.opcode == "call" and getattr(callee(v.callee), "passthrough", False):
            return roots(v.operands[0], depth + 1, merging)
        if v.opcode == "alloca" or v.opcode == "call":
            return {v}
        if v.opcode in ("phi", "select"):
            if v in merging:
                return set()
            out: set[Value] = set()
            for o in v.operands[1:] if v.opcode == "select" else v.operands:
                r = roots(o, depth + 1, merging | {v})
                if r is None:
                    return None
                out |= r
            return out
    return None


class MemoryFacts:
    def __init__(self, func: Function, written_elsewhere: Iterable[Value] = (), module=None):
        """`written_elsewhere`: objects someone else may change (e.g. between split sweeps). `module`:
        the binding module, for callees whose facts depend on other code in it."""
        self.func = func
        self.module = module
        self.unknown_writes = False
        self.written: set[Value] = set(written_elsewhere)
        # stack arrays of pointers handed to a callee that reads the pointers stored in them (a parallel
        # launch): it may write what they point to
        self._pointer_arrays: dict[Value, dict[int | None, list[Value]]] = {}
        # objects whose memory a handle-keeping reallocation moves (a growing list's items)
        self.moved: set[Value] = set()
        for inst in func.instructions():
            info = callee(inst.callee) if inst.opcode == "call" else None
            if info is not None and info.moves_data and info.keeps is not None:
                self.moved |= roots(inst.operands[info.keeps]) or set()
            if inst.opcode == "store" and str(inst.operands[0].type) == "ptr":
                for obj in roots(inst.operands[1]) or ():
                    if getattr(obj, "opcode", None) == "alloca":
                        slot = pointer_slot(inst.operands[1], obj)
                        self._pointer_arrays.setdefault(obj, {}).setdefault(slot, []).append(inst.operands[0])
        for inst in func.instructions():
            for p in self._written_pointers(inst):
                r = roots(p)
                if r is None:
                    self.unknown_writes = True
                else:
                    self.written |= r

    def may_be_written(self, root: Value) -> bool:
        if self.unknown_writes or root in self.written:
            return True
        if isinstance(root, Argument) and not root.noalias:
            # another argument may point into the same memory
            return any(isinstance(w, (Argument, GlobalRef)) and not getattr(w, "noalias", False) for w in self.written)
        return False

    def _written_pointers(self, inst: Instruction) -> list[Value]:
        if inst.opcode == "store":
            return [inst.operands[1]]
        if inst.opcode in ("atomicrmw", "cmpxchg"):
            return [inst.operands[0]]
        if inst.opcode == "call":
            info = callee(inst.callee)
            if info is not None and info.primal_pointer_arrays:
                return self._launch_writes(inst, info)
            if info is not None and (info.reads_only or info.writes or info.outputs):
                return [inst.operands[i] for i in info.writes] + [inst.operands[out] for out, _ in info.outputs]
            # unknown callees may write any pointer they get; constants (a message string) cannot be written
            return [
                o
                for o in inst.operands
                if str(o.type) == "ptr" and not (isinstance(o, GlobalRef) and " constant " in o.declaration)
            ]
        return []

    def _launch_writes(self, inst: Instruction, info) -> list[Value]:
        """What a call reading pointer arrays may write: the arrays, and what the pointers stored in them
        point to (those in the slots `array_writes` names, when it knows)."""
        wanted = info.array_writes(self.module, inst) if info.array_writes is not None and self.module else None
        out: list[Value] = []
        for k, o in enumerate(inst.operands):
            out.append(o)
            for obj in roots(o) or ():
                for slot, stored in self._pointer_arrays.get(obj, {}).items():
                    if wanted is None or k != 0 or slot is None or slot in wanted:
                        out += stored
        return out

    def load_is_invariant(self, load: Instruction) -> bool:
        """Does this load read memory nothing in the function writes?"""
        r = roots(load.operands[0])
        return r is not None and bool(r) and all(isinstance(x, Argument) and not self.may_be_written(x) for x in r)


def pointer_slot(ptr: Value, base: Value) -> int | None:
    """Which pointer-sized element of the object `base` `ptr` addresses, when it is a constant one."""
    if ptr is base:
        return 0
    if not isinstance(ptr, Instruction) or ptr.opcode != "getelementptr" or ptr.operands[0] is not base:
        return None
    if len(ptr.operands) != 2 or not isinstance(ptr.operands[1], Constant):
        return None
    index = ptr.operands[1].value
    if not isinstance(index, int):
        return None
    return index // 8 if ptr.attrs.get("source_type") == ir.IntType(8) else index


def print_memory(func: Function, facts: MemoryFacts) -> str:
    """What the function may write, and for each load whether the reverse sweep may read it again.

    `written: <objects>` (or `written: unknown`), then `%load: invariant|may change` per load.
    """
    names = sorted(f"%{r.name}" if not isinstance(r, GlobalRef) else f"@{r.name}" for r in facts.written)
    lines = ["written: unknown" if facts.unknown_writes else f"written: {', '.join(names) or 'nothing'}"]
    for inst in func.instructions():
        if inst.opcode == "load":
            lines.append(f"%{inst.name}: {'invariant' if facts.load_is_invariant(inst) else 'may change'}")
    return "\n".join(lines)
