"""A growable LIFO tape in generated code: what the forward sweep pushes, the reverse pops.

Input: an emitter and the function being built. Output: IR that keeps
{base, top, capacity} in slots, pushes groups of values (one capacity check
per group, capacity doubling through `realloc`), pops them in reverse order,
reports the bytes used and releases the buffer. Every slot is 8-byte aligned;
values are stored with their own type.

A released buffer is kept (one per tape, swapped in and out atomically, so
threads never share one) and reused by the next call: large tapes then cost
no fresh pages per call. Its first HEADER bytes record its capacity. The
buffer is only ever touched through two small functions named after the
tape's spare slot S, `pyenzyme.tape.grow.S(old, need, initial)` (realloc that
may adopt the kept buffer) and `pyenzyme.tape.keep.S(buffer)` (free that may
keep it). They are in the callee registry, so a pass differentiating this
code again (higher-order derivatives) treats them as realloc and free and
gives the tangents a tape of their own, kept in a slot `S.shadowK`;
`define_tape_helpers` writes the body of each one a module declares. A tape
made with `reuse=False` keeps nothing: its buffer is plain realloc'd memory.
"""

from __future__ import annotations

import llvmlite.binding as llvm
import llvmlite.ir as ir

from ..callees import register_prefix
from ..ir.emitter import Emitter

I64 = ir.IntType(64)
PTR = ir.PointerType()
HEADER = 16  # keeps the data 16-byte aligned
GROW = "pyenzyme.tape.grow."  # + spare slot name: ptr (ptr old, i64 need, i64 initial)
KEEP = "pyenzyme.tape.keep."  # + spare slot name: void (ptr buffer)
GROW_TYPE = ir.FunctionType(PTR, [PTR, I64, I64])
KEEP_TYPE = ir.FunctionType(ir.VoidType(), [PTR])


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
        self.spare = emitter.fresh_name(f"pyenzyme.{name}.spare") if reuse else None

    def _reserve(self) -> ir.Function:
        """void reserve(ptr base_slot, ptr cap_slot, i64 need): grow geometrically when need > cap.

        Called unconditionally at every push group; LLVM inlines it, so the
        common path is one compare and the forward blocks are never split here.
        """
        if self._grow_fn is not None:
            return self._grow_fn
        fn = ir.Function(
            self.emitter.module,
            ir.FunctionType(ir.VoidType(), [PTR, PTR, I64]),
            self.emitter.fresh_name("pyenzyme.tape.reserve"),
        )
        fn.linkage = "internal"
        fn.attributes.add("alwaysinline")
        basep, capp, need = fn.args
        entry, grow, out = (fn.append_basic_block(n) for n in ("entry", "grow", "out"))
        b = ir.IRBuilder(entry)
        b.cbranch(b.icmp_unsigned(">", need, b.load(capp, typ=I64)), grow, out)
        b.position_at_end(grow)
        initial = ir.Constant(I64, self.initial)
        if self.spare is None:
            new, cap = _grow_by_doubling(b, self.emitter, b.load(basep, typ=PTR), b.load(capp, typ=I64), need, initial)
        else:
            grow_fn = self.emitter.declare(GROW + self.spare, GROW_TYPE)
            new = b.call(grow_fn, [b.load(basep, typ=PTR), need, initial])
            cap = b.load(new, typ=I64)  # the header: the capacity it has
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
        """Keep this buffer for the next call (its capacity is in its header); without reuse, free it."""
        base = b.load(self.base, typ=PTR)
        if self.spare is None:
            b.call(self.emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR])), [base])  # free(NULL): nothing
        else:
            b.call(self.emitter.declare(KEEP + self.spare, KEEP_TYPE), [base])


def _grow_by_doubling(b: ir.IRBuilder, emitter: Emitter, old, cap0, need, initial) -> tuple[ir.Value, ir.Value]:
    """(realloc(old, cap), cap) for the first cap = initial (or cap0 when nonzero) doubled until >= need.
    `b` ends in a new block after the loop."""
    realloc = emitter.declare("realloc", ir.FunctionType(PTR, [PTR, I64]))
    start = b.select(b.icmp_unsigned("==", cap0, ir.Constant(I64, 0)), initial, cap0)
    before = b.block
    loop = b.append_basic_block("double")
    done = b.append_basic_block("doubled")
    b.branch(loop)
    b.position_at_end(loop)
    cap = b.phi(I64)
    cap.add_incoming(start, before)
    cap.add_incoming(b.shl(cap, ir.Constant(I64, 1)), loop)
    b.cbranch(b.icmp_unsigned(">=", cap, need), done, loop)
    b.position_at_end(done)
    return b.call(realloc, [old, cap]), cap


# -- the buffer functions, and what a pass differentiating them again does -----------------------------
def define_tape_helpers(emitter: Emitter) -> None:
    """Write the body of every `pyenzyme.tape.grow.S` / `keep.S` the module declares (each with its slot S)."""
    module = emitter.module
    for fn in list(module.functions):
        if not fn.is_declaration:
            continue
        for prefix, define in ((GROW, _define_grow), (KEEP, _define_keep)):
            if fn.name.startswith(prefix):
                define(emitter, fn, _spare_slot(module, fn.name[len(prefix) :]))
                # kept as calls (never inlined, signature never rewritten), for a pass reading the optimised
                # IR; identical in every module that defines them, so the linker may keep any one
                fn.linkage = "linkonce_odr"
                fn.attributes.add("noinline")
                fn.attributes.add("nounwind")


SPARES = 8  # buffers kept per tape: one for each of that many threads running the same derivative at once
_SPARE_TYPE = ir.ArrayType(PTR, SPARES)


def _spare_slot(module: ir.Module, name: str) -> ir.GlobalVariable:
    g = module.globals.get(name)
    if g is None:
        g = ir.GlobalVariable(module, _SPARE_TYPE, name)
        g.linkage = "internal"
        g.initializer = ir.Constant(_SPARE_TYPE, None)
    return g


def _spare(b: ir.IRBuilder, spare: ir.GlobalVariable, i: int) -> ir.Value:
    return b.gep(spare, [ir.Constant(I64, 0), ir.Constant(I64, i)], source_etype=_SPARE_TYPE)


def _define_grow(emitter: Emitter, fn: ir.Function, spare: ir.GlobalVariable) -> None:
    """ptr grow(old, need, initial): old's contents in a buffer of capacity >= need, recorded in its header.
    A fresh tape (old null) first takes the buffer a previous call kept."""
    old, need, initial = fn.args
    entry, take, have, header, sized, enough, grow = (
        fn.append_basic_block(n) for n in ("entry", "take", "have", "header", "sized", "enough", "grow")
    )
    null = ir.Constant(PTR, None)
    b = ir.IRBuilder(entry)
    b.cbranch(b.icmp_unsigned("==", old, null), take, have)
    b.position_at_end(take)
    taken = []  # (buffer, block): the first kept buffer found, or null after the last slot
    for i in range(SPARES):
        kept = b.atomic_rmw("xchg", _spare(b, spare, i), null, "acq_rel")
        taken.append((kept, b.block))
        if i + 1 < SPARES:
            nxt = fn.append_basic_block(f"take{i + 1}")
            b.cbranch(b.icmp_unsigned("!=", kept, null), have, nxt)
            b.position_at_end(nxt)
    b.branch(have)
    b.position_at_end(have)
    buf = b.phi(PTR)
    buf.add_incoming(old, entry)
    for kept, block in taken:
        buf.add_incoming(kept, block)
    b.cbranch(b.icmp_unsigned("==", buf, null), sized, header)
    b.position_at_end(header)
    recorded = b.load(buf, typ=I64)
    b.branch(sized)
    b.position_at_end(sized)
    cap0 = b.phi(I64)
    cap0.add_incoming(ir.Constant(I64, 0), have)
    cap0.add_incoming(recorded, header)
    b.cbranch(b.icmp_unsigned(">=", cap0, need), enough, grow)
    b.position_at_end(enough)
    b.ret(buf)
    b.position_at_end(grow)
    new, cap = _grow_by_doubling(b, emitter, buf, cap0, need, initial)
    b.store(cap, new)
    b.ret(new)


def _define_keep(emitter: Emitter, fn: ir.Function, spare: ir.GlobalVariable) -> None:
    """void keep(buffer): keep it for the next call in the first empty slot; with none empty, swap it for
    the last slot's buffer and free that one (free(NULL) does nothing)."""
    free = emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR]))
    (buf,) = fn.args
    null = ir.Constant(PTR, None)
    entry, keep, done = (fn.append_basic_block(n) for n in ("entry", "keep", "done"))
    b = ir.IRBuilder(entry)
    b.cbranch(b.icmp_unsigned("==", buf, null), done, keep)
    b.position_at_end(keep)
    for i in range(SPARES - 1):
        pair = b.cmpxchg(_spare(b, spare, i), null, buf, "acq_rel", "monotonic")
        nxt = fn.append_basic_block(f"keep{i + 1}")
        b.cbranch(b.extract_value(pair, 1), done, nxt)
        b.position_at_end(nxt)
    b.call(free, [b.atomic_rmw("xchg", _spare(b, spare, SPARES - 1), buf, "acq_rel")])
    b.branch(done)
    b.position_at_end(done)
    b.ret_void()


def _forward_grow(pass_, builder, inst, primal) -> None:
    """Differentiating a tape's growth: the tangents get a tape of their own, at least as large."""
    if inst not in pass_.activity:
        return
    if pass_.sweep_of_reverse:
        raise pass_.error(
            inst,
            "reverse mode cannot differentiate a reverse-mode derivative whose tape holds active values "
            "(reverse over reverse); differentiate it in forward mode (forward over reverse)",
        )
    spare = inst.callee[len(GROW) :]
    old = pass_.lanes(inst.operands[0]) or [ir.Constant(PTR, None)] * pass_.width
    cap = builder.load(primal, typ=I64)
    initial = pass_.get(inst.operands[2])
    pass_.shadow[inst] = [
        builder.call(pass_.emitter.declare(f"{GROW}{spare}.shadow{k}", GROW_TYPE), [lane, cap, initial])
        for k, lane in enumerate(old)
    ]


def _forward_keep(pass_, builder, inst, primal) -> None:
    spare = inst.callee[len(KEEP) :]
    for k, lane in enumerate(pass_.lanes(inst.operands[0]) or ()):
        builder.call(pass_.emitter.declare(f"{KEEP}{spare}.shadow{k}", KEEP_TYPE), [lane])


register_prefix(GROW, allocates=True, size_arg=1, keeps=0, reads_only=True, forward=_forward_grow)
register_prefix(KEEP, frees=True, reads_only=True, forward=_forward_keep)
