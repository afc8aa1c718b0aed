"""Type analysis: what kind of data every value is and every pointer points to.

Input: a model function and hints from the front end (argument index ->
pointee type, e.g. an array's data pointer points to float64). Output, per
value, a small type tree: path of byte offsets -> Integer, Pointer or
Float@<type>, where offset -1 means "at any offset" (arrays). A value's own
kind comes from its LLVM type; what a pointer points to is learned from the
loads and stores through every pointer derived from the same object, from
memcpy/memmove between objects, and from the hints, propagated to a fixed
point. Reverse mode asks it what a memcpy copies. `print_types` shows the
result as `%x: {[-1]:Pointer, [-1,-1]:Float@double}`.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..ir.model import Function, Value
from .activity import is_float
from .memory import roots

ANYTHING = "Anything"  # conflicting kinds met in the same memory


def kind_of(ty: ir.Type) -> str | None:
    if is_float(ty):
        return f"Float@{ty.element if isinstance(ty, ir.VectorType) else ty}"
    if isinstance(ty, ir.PointerType):
        return "Pointer"
    if isinstance(ty, ir.IntType):
        return "Integer"
    return None


def _join(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None or a == b:
        return a
    return ANYTHING


class TypeAnalysis:
    def __init__(self, func: Function, hints: dict[int, ir.Type] | None = None):
        self.func = func
        self.pointee: dict[Value, str | None] = {}  # root object -> kind of what it holds
        for idx, ty in (hints or {}).items():
            self.pointee[func.args[idx]] = kind_of(ty)
        self._run()

    def _merge(self, root: Value, kind: str | None) -> bool:
        old = self.pointee.get(root)
        new = _join(old, kind)
        if new != old:
            self.pointee[root] = new
            return True
        return False

    def _roots(self, p: Value) -> set[Value]:
        return roots(p) or set()

    def _run(self) -> None:
        accesses = []  # (pointer, kind)
        copies = []  # (dst, src)
        for inst in self.func.instructions():
            if inst.opcode == "load":
                accesses.append((inst.operands[0], kind_of(inst.type)))
            elif inst.opcode == "store":
                accesses.append((inst.operands[1], kind_of(inst.operands[0].type)))
            elif inst.opcode == "call" and (inst.callee or "").startswith(("llvm.memcpy", "llvm.memmove")):
                copies.append((inst.operands[0], inst.operands[1]))
        for p, kind in accesses:
            if kind is not None:
                for r in self._roots(p):
                    self._merge(r, kind)
        changed = True
        while changed:
            changed = False
            for dst, src in copies:
                k = None
                for r in self._roots(dst) | self._roots(src):
                    k = _join(k, self.pointee.get(r))
                if k is not None:
                    for r in self._roots(dst) | self._roots(src):
                        changed |= self._merge(r, k)

    def pointee_kind(self, p: Value) -> str | None:
        """Kind of the data `p` points into (None: unknown, ANYTHING: mixed)."""
        rs = roots(p)
        if rs is None:
            return None
        k = None
        for r in rs:
            k = _join(k, self.pointee.get(r))
        return k

    def tree(self, v: Value) -> dict[tuple, str]:
        own = kind_of(v.type)
        out: dict[tuple, str] = {}
        if own is not None:
            out[(-1,)] = own
        if isinstance(v.type, ir.PointerType):
            inner = self.pointee_kind(v)
            if inner is not None:
                out[(-1, -1)] = inner
        return out


def print_types(func: Function, ta: TypeAnalysis) -> str:
    def fmt(t):
        return "{" + ", ".join(f"[{','.join(map(str, k))}]:{v}" for k, v in sorted(t.items())) + "}"

    lines = [f"%{a.name}: {fmt(ta.tree(a))}" for a in func.args]
    lines += [f"%{i.name}: {fmt(ta.tree(i))}" for i in func.instructions() if i.name]
    return "\n".join(lines)
