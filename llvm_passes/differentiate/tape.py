"""A growable LIFO tape in generated code: what the forward sweep pushes, the reverse pops.

Input: an emitter and the function being built. Output: IR that keeps
{base, top, capacity} in slots, pushes groups of values (one capacity check
per group, capacity doubling through `realloc`), pops them in reverse order,
reports the bytes used and releases the buffer. Every slot is 8-byte aligned;
values are stored with their own type.

A released buffer is kept (one per tape, swapped in and out atomically, so
threads never share one) and reused by the next call: large tapes then cost
no fresh pages per call. Its first HEADER bytes record its capacity. A tape
made with `reuse=False` keeps nothing: its buffer is plain realloc'd memory,
freed on release, which a pass differentiating this code again understands
(the derivative is then differentiable: higher-order derivatives).
"""

from __future__ import annotations

import llvmlite.binding as llvm
import llvmlite.ir as ir

from ..ir.emitter import Emitter

I64 = ir.IntType(64)
PTR = ir.PointerType()
HEADER = 16  # keeps the data 16-byte aligned


# The x86-64 layout, for modules that state none.
DEFAULT_DATA_LAYOUT = "e-m:e-i64:64-f80:128-n8:16:32:64-S128"


def abi_size(ty: ir.Type, data_layout: str | None) -> int:
    """Bytes a value of `ty` occupies (llvmlite computes it by parsing a module: remembered)."""
    key = (str(ty), data_layout or DEFAULT_DATA_LAYOUT)
    size = _SIZES.get(key)
    if size is None:
        size = _SIZES[key] = ty.get_abi_size(_target_data(key[1]))
    return size


def slot_size(ty: ir.Type, data_layout: str | None) -> int:
    return (abi_size(ty, data_layout) + 7) // 8 * 8


_TD: dict[str, object] = {}
_SIZES: dict[tuple[str, str], int] = {}


def _target_data(dl: str):
    td = _TD.get(dl)
    if td is None:
        td = _TD[dl] = llvm.create_target_data(dl)
    return td


class Tape:
    """`slot(type, name, initial)` makes the memory holding {base, top, capacity} (stack or heap state)."""

    def __init__(self, emitter: Emitter, slot, name: str = "tape", initial_bytes: int = 256, reuse: bool = True):
        self.emitter = emitter
        self.dl = emitter.module.data_layout or DEFAULT_DATA_LAYOUT
        self.base = slot(PTR, f"{name}.base", ir.Constant(PTR, None))
        self.top = slot(I64, f"{name}.top", ir.Constant(I64, HEADER))
        self.cap = slot(I64, f"{name}.cap", ir.Constant(I64, 0))
        self.initial = initial_bytes
        self.used = False
        self._grow_fn: ir.Function | None = None
        self.spare: ir.GlobalVariable | None = None
        if reuse:
            self.spare = ir.GlobalVariable(emitter.module, PTR, emitter.fresh_name(f"pyenzyme.{name}.spare"))
            self.spare.linkage = "internal"
            self.spare.initializer = ir.Constant(PTR, None)

    def _reserve(self) -> ir.Function:
        """void reserve(ptr base_slot, ptr cap_slot, i64 need): grow geometrically when need > cap.

        Called unconditionally at every push group; LLVM inlines it, so the
        common path is one compare and the forward blocks are never split here.
        """
        if self._grow_fn is not None:
            return self._grow_fn
        m = self.emitter.module
        realloc = self.emitter.declare("realloc", ir.FunctionType(PTR, [PTR, I64]))
        fn = ir.Function(
            m, ir.FunctionType(ir.VoidType(), [PTR, PTR, I64]), self.emitter.fresh_name("pyenzyme.tape.reserve")
        )
        fn.linkage = "internal"
        fn.attributes.add("alwaysinline")
        basep, capp, need = fn.args
        names = ("entry", "check", "grow", "double", "done", "out")
        entry, check, grow, loop, done, out = (fn.append_basic_block(n) for n in names)
        b = ir.IRBuilder(entry)
        if self.spare is None:
            b.branch(check)
        else:
            # a new tape first takes the buffer a previous call released
            fresh, adopt = fn.append_basic_block("fresh"), fn.append_basic_block("adopt")
            cap_now = b.load(capp, typ=I64)
            b.cbranch(b.icmp_unsigned("==", cap_now, ir.Constant(I64, 0)), fresh, check)
            b.position_at_end(fresh)
            spare = b.atomic_rmw("xchg", self.spare, ir.Constant(PTR, None), "acq_rel")
            b.cbranch(b.icmp_unsigned("!=", spare, ir.Constant(PTR, None)), adopt, check)
            b.position_at_end(adopt)
            b.store(spare, basep)
            b.store(b.load(spare, typ=I64), capp)
            b.branch(check)
        b.position_at_end(check)
        cap0 = b.load(capp, typ=I64)
        b.cbranch(b.icmp_unsigned(">", need, cap0), grow, out)
        b.position_at_end(grow)
        start = b.select(b.icmp_unsigned("==", cap0, ir.Constant(I64, 0)), ir.Constant(I64, self.initial), cap0)
        b.branch(loop)
        b.position_at_end(loop)
        cap = b.phi(I64)
        cap.add_incoming(start, grow)
        bigger = b.shl(cap, ir.Constant(I64, 1))
        cap.add_incoming(bigger, loop)
        b.cbranch(b.icmp_unsigned(">=", cap, need), done, loop)
        b.position_at_end(done)
        new = b.call(realloc, [b.load(basep, typ=PTR), cap])
        b.store(new, basep)
        b.store(cap, capp)
        b.branch(out)
        b.position_at_end(out)
        b.ret_void()
        self._grow_fn = fn
        return fn

    def push(self, b: ir.IRBuilder, values: list[ir.Value]) -> None:
        if not values:
            return
        self.used = True
        sizes = [slot_size(v.type, self.dl) for v in values]
        total = sum(sizes)
        top = b.load(self.top, typ=I64)
        need = b.add(top, ir.Constant(I64, total))
        b.call(self._reserve(), [self.base, self.cap, need])
        base = b.load(self.base, typ=PTR)
        off = top
        for v, size in zip(values, sizes):
            p = b.gep(base, [off], source_etype=ir.IntType(8))
            b.store(v, p, align=8)
            off = b.add(off, ir.Constant(I64, size))
        b.store(need, self.top)

    def pop(self, b: ir.IRBuilder, types: list[ir.Type]) -> list[ir.Value]:
        """Pop values pushed together as `types` (same order as pushed); returns them in that order."""
        if not types:
            return []
        sizes = [slot_size(t, self.dl) for t in types]
        top = b.load(self.top, typ=I64)
        start = b.sub(top, ir.Constant(I64, sum(sizes)))
        base = b.load(self.base, typ=PTR)
        out = []
        off = start
        for t, size in zip(types, sizes):
            p = b.gep(base, [off], source_etype=ir.IntType(8))
            out.append(b.load(p, typ=t, align=8))
            off = b.add(off, ir.Constant(I64, size))
        b.store(start, self.top)
        return out

    def bytes_used(self, b: ir.IRBuilder) -> ir.Value:
        return b.sub(b.load(self.top, typ=I64), ir.Constant(I64, HEADER))

    def release(self, b: ir.IRBuilder) -> None:
        """Keep this buffer for the next call (recording its capacity); free the one kept before.
        Without reuse, free it."""
        free = self.emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR]))
        base = b.load(self.base, typ=PTR)
        if self.spare is None:
            b.call(free, [base])  # free(NULL) does nothing
            return
        with b.if_then(b.icmp_unsigned("!=", base, ir.Constant(PTR, None))):
            b.store(b.load(self.cap, typ=I64), base)
            old = b.atomic_rmw("xchg", self.spare, base, "acq_rel")
            b.call(free, [old])
