"""How forward mode treats calls that are not plain math: memory and runtime.

Input: a call instruction whose callee has a handler here. Output: the primal
call (already cloned) plus the shadow work: allocations get zeroed shadow
allocations, reference counting is mirrored on shadows, memset/memcpy are
mirrored, and hints (lifetime, assume, expect) need nothing.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.activity import ALLOCATORS, MEMINFO_ALLOCATORS, POINTER_PASSTHROUGH

_PTR = ir.PointerType()
_I64 = ir.IntType(64)


def _mirror(pass_, builder, inst, primal):
    """Call the same function on the shadows of its pointer arguments (incref/decref)."""
    lanes = pass_.lanes(inst.operands[0])
    if lanes is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    for lane in lanes:
        builder.call(fn, [lane] + [pass_.get(o) for o in inst.operands[1:]])


def _allocate(pass_, builder, inst, primal):
    """A fresh allocation: its shadow is a second allocation of the same size, zeroed."""
    callee = inst.callee or ""
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    args = [pass_.get(o) for o in inst.operands]
    data_fast = pass_.emitter.declare("NRT_MemInfo_data_fast", ir.FunctionType(_PTR, [_PTR]))
    memset = pass_.emitter.intrinsic("llvm.memset.p0.i64", ir.VoidType(), [_PTR, ir.IntType(8), _I64, ir.IntType(1)])
    lanes = []
    for k in range(pass_.width):
        mem = builder.call(fn, args, name=f"{inst.name}.shadow{k}")
        data = builder.call(data_fast, [mem]) if callee in MEMINFO_ALLOCATORS else mem
        if callee != "calloc":
            builder.call(memset, [data, ir.Constant(ir.IntType(8), 0), args[0], ir.Constant(ir.IntType(1), 0)])
        lanes.append(mem)
    pass_.shadow[inst] = lanes


def _passthrough(pass_, builder, inst, primal):
    lanes = pass_.lanes(inst.operands[0])
    if lanes is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    pass_.shadow[inst] = [builder.call(fn, [lane]) for lane in lanes]


def _memset(pass_, builder, inst, primal):
    dst = pass_.lanes(inst.operands[0])
    if dst is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    rest = [pass_.get(o) for o in inst.operands[2:]]
    for lane in dst:
        builder.call(fn, [lane, ir.Constant(ir.IntType(8), 0)] + rest)


def _memcpy(pass_, builder, inst, primal):
    dst = pass_.lanes(inst.operands[0])
    if dst is None:
        return
    src = pass_.lanes(inst.operands[1])
    n = pass_.get(inst.operands[2])
    if src is None:
        memset = pass_.emitter.intrinsic(
            f"llvm.memset.p0.{n.type.intrinsic_name}", ir.VoidType(), [_PTR, ir.IntType(8), n.type, ir.IntType(1)]
        )
        for lane in dst:
            builder.call(memset, [lane, ir.Constant(ir.IntType(8), 0), n, ir.Constant(ir.IntType(1), 0)])
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    rest = [pass_.get(o) for o in inst.operands[3:]]
    for d, s in zip(dst, src):
        builder.call(fn, [d, s, n] + rest)


def _nothing(pass_, builder, inst, primal):
    pass


_DOT_TYPES = {100: ir.DoubleType(), 115: ir.FloatType()}  # BLAS kinds 'd' and 's'


def dot_kind(pass_, inst):
    """The float type of a real `numba_xxdot(kind, conjugate, n, x, y, result)`; complex kinds are refused."""
    kind = inst.operands[0]
    fty = _DOT_TYPES.get(getattr(kind, "value", None))
    if fty is None:
        raise pass_.error(
            inst, "only real float32/float64 dot products are differentiable (complex BLAS kinds are not)"
        )
    return fty


def _dot(pass_, builder, inst, primal):
    """d(x . y) = dx . y + x . dy, each term one more dot call on the shadows."""
    fty = dot_kind(pass_, inst)
    res = inst.operands[5]
    out = pass_.lanes(res)
    if out is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    args = [pass_.get(o) for o in inst.operands]
    for k in range(pass_.width):
        acc = ir.Constant(fty, 0.0)
        for pos in (3, 4):
            lanes = pass_.lanes(inst.operands[pos])
            if lanes is None:
                continue
            tmp = pass_.entry_alloca(fty, builder)
            call_args = list(args)
            call_args[pos] = lanes[k]
            call_args[5] = tmp
            builder.call(fn, call_args)
            acc = builder.fadd(acc, builder.load(tmp))
        builder.store(acc, out[k])


CALL_HANDLERS = {
    "numba_xxdot": _dot,
    "NRT_incref": _mirror,
    "NRT_decref": _mirror,
    "NRT_MemInfo_release": _mirror,
    "NRT_Free": _mirror,
    "free": _mirror,
    **{name: _allocate for name in ALLOCATORS},
    **{name: _passthrough for name in POINTER_PASSTHROUGH},
}

PREFIX_HANDLERS = {
    "llvm.memset.": _memset,
    "llvm.memcpy.": _memcpy,
    "llvm.memmove.": _memcpy,
    "llvm.lifetime.": _nothing,
    "llvm.assume": _nothing,
    "llvm.expect": _nothing,
    "llvm.prefetch": _nothing,
    "llvm.dbg.": _nothing,
}


# Callees known to move no derivative information (they only touch integers,
# locks or output streams). Front ends register their runtime's names here.
INACTIVE_CALLS: set[str] = set()


def register_inactive(*names: str) -> None:
    INACTIVE_CALLS.update(names)


def find_call_handler(callee: str):
    if callee in INACTIVE_CALLS:
        return _nothing
    h = CALL_HANDLERS.get(callee)
    if h is not None:
        return h
    for prefix, handler in PREFIX_HANDLERS.items():
        if callee.startswith(prefix):
            return handler
    return None
