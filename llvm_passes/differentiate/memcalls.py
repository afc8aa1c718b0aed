"""The memory intrinsics in both modes: llvm.memset and llvm.memcpy / llvm.memmove.

Input: the call and the pass (forward or reverse). Output: forward mode
repeats the call on the shadows (a copy from memory without a shadow zeroes
the destination's shadow); reverse mode clears the destination's shadow for
a memset, and for a copy moves the destination's adjoints back into the
source's element by element, at the float type type analysis finds in that
memory (`dst = src` gives `src' += dst'; dst' = 0`). Registered on the
callee registry's `llvm.mem*` entries.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.types import ANYTHING
from ..callees import register_prefix
from ..ir.emitter import element_loop

_PTR = ir.PointerType()
_I8 = ir.IntType(8)
_FALSE = ir.Constant(ir.IntType(1), 0)
_FLOATS = {"Float@double": ir.DoubleType(), "Float@float": ir.FloatType(), "Float@half": ir.HalfType()}


def forward_memset(pass_, builder, inst, primal):
    dst = pass_.lanes(inst.operands[0])
    if dst is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    rest = [pass_.get(o) for o in inst.operands[2:]]
    for lane in dst:
        builder.call(fn, [lane, ir.Constant(_I8, 0)] + rest)


def forward_memcpy(pass_, builder, inst, primal):
    dst = pass_.lanes(inst.operands[0])
    if dst is None:
        return
    src = pass_.lanes(inst.operands[1])
    n = pass_.get(inst.operands[2])
    if src is None:
        memset = pass_.emitter.intrinsic(
            f"llvm.memset.p0.{n.type.intrinsic_name}", ir.VoidType(), [_PTR, _I8, n.type, ir.IntType(1)]
        )
        for lane in dst:
            builder.call(memset, [lane, ir.Constant(_I8, 0), n, _FALSE])
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    rest = [pass_.get(o) for o in inst.operands[3:]]
    for d, s in zip(dst, src):
        builder.call(fn, [d, s, n] + rest)


def reverse_memset(rev, b, inst, lane):
    """Memory set to a constant holds no adjoint of what it held before."""
    if not rev.active(inst.operands[0]):
        return
    fn = rev.emitter.function_ref(inst.attrs["callee_ref"])
    b.call(
        fn, [rev.shadow(b, inst.operands[0], lane), ir.Constant(_I8, 0)] + [rev.primal(b, o) for o in inst.operands[2:]]
    )


def reverse_memcpy(rev, b, inst, lane):
    dst, src, n = inst.operands[:3]
    if not rev.active(dst):
        return
    fty = _copied_float(rev, inst)
    if fty is None:
        return  # integers and pointers carry no adjoint
    dsh = rev.shadow(b, dst, lane)
    ssh = rev.shadow(b, src, lane) if rev.active(src) else None
    nbytes = rev.primal(b, n)
    count = b.udiv(nbytes, ir.Constant(nbytes.type, {"double": 8, "float": 4, "half": 2}[str(fty)]))

    def move(b, k):
        dp = b.gep(dsh, [k], source_etype=fty)
        d = b.load(dp, typ=fty)
        b.store(ir.Constant(fty, None), dp)
        if ssh is not None:
            sp = b.gep(ssh, [k], source_etype=fty)
            b.store(b.fadd(b.load(sp, typ=fty), d), sp)

    element_loop(b, count, move, "memcpy.adj")


def _copied_float(rev, inst):
    """The float type the copied memory holds (None: no floats), from type analysis of either side."""
    dst, src = inst.operands[:2]
    kind = rev.types.pointee_kind(dst)
    kind = kind if kind not in (None, ANYTHING) else rev.types.pointee_kind(src)
    if kind is None or kind == ANYTHING:
        why = "mixed kinds" if kind == ANYTHING else "no load or store reveals it"
        raise rev.error(inst, f"cannot deduce the type of the memory copied into %{dst.name} ({why})")
    return _FLOATS.get(kind)


register_prefix("llvm.memset.", forward=forward_memset, reverse=reverse_memset)
for _copy in ("llvm.memcpy.", "llvm.memmove."):
    register_prefix(_copy, forward=forward_memcpy, reverse=reverse_memcpy)
