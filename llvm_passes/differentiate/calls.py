"""What a call does to shadows, decided by the callee registry's facts.

Input: a call instruction and its `Callee` facts (`llvm_passes.callees`).
Output: the forward-mode shadow work after the primal call: an allocation
gets a zeroed twin, a pointer into an object gets the same pointer into the
object's shadow, reference counting and frees are repeated on shadows,
hints need nothing; a callee with a handler of its own (memory intrinsics,
a front end's runtime or custom derivative) does its own. The augmented
sweep of reverse mode uses only the shadow-pointer part: tangents are never
computed there.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..callees import Callee

_PTR = ir.PointerType()
_I64 = ir.IntType(64)


def _mirror(pass_, builder, inst, primal):
    """Call the same function on the shadows of its pointer argument (reference counts, frees)."""
    lanes = pass_.lanes(inst.operands[0])
    if lanes is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    for lane in lanes:
        builder.call(fn, [lane] + [pass_.get(o) for o in inst.operands[1:]])


def _allocate(pass_, builder, inst, primal, info: Callee):
    """A fresh allocation: its shadow is a second allocation with the same arguments, zeroed."""
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    args = [pass_.get(o) for o in inst.operands]
    if info.keeps is not None:
        _reallocate(pass_, builder, inst, fn, args, info.keeps)
        return
    data_of = pass_.emitter.declare(info.data, ir.FunctionType(_PTR, [_PTR])) if info.data else None
    memset = pass_.emitter.intrinsic("llvm.memset.p0.i64", ir.VoidType(), [_PTR, ir.IntType(8), _I64, ir.IntType(1)])
    lanes = []
    for k in range(pass_.width):
        mem = builder.call(fn, args, name=f"{inst.name}.shadow{k}")
        if not info.zeroed:
            data = builder.call(data_of, [mem]) if data_of is not None else mem
            size = args[info.size_arg]
            size = size if size.type == _I64 else builder.zext(size, _I64)
            builder.call(memset, [data, ir.Constant(ir.IntType(8), 0), size, ir.Constant(ir.IntType(1), 0)])
        lanes.append(mem)
    pass_.shadow[inst] = lanes


def _reallocate(pass_, builder, inst, fn, args, keeps: int) -> None:
    """realloc: the shadow memory is reallocated the same way, keeping the tangents of the old contents.
    The new part is not zeroed, which forward mode never needs (a tangent is stored before it is read:
    a tape's tangents, when a derivative is differentiated again). Reverse mode would need the adjoints
    to follow the values and the new part zeroed: refused."""
    if pass_.sweep_of_reverse:
        raise pass_.error(
            inst,
            f"reverse mode cannot differentiate `{inst.callee}` of memory holding active values (the "
            "adjoints of its old contents would have to follow them); allocate the final size at once",
        )
    old = pass_.lanes(inst.operands[keeps]) or [ir.Constant(_PTR, None)] * pass_.width
    pass_.shadow[inst] = [
        builder.call(fn, args[:keeps] + [lane] + args[keeps + 1 :], name=f"{inst.name}.shadow{k}")
        for k, lane in enumerate(old)
    ]


def _passthrough(pass_, builder, inst, primal):
    """A pointer into the object of argument 0: the same call on the argument's shadow."""
    lanes = pass_.lanes(inst.operands[0])
    if lanes is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    pass_.shadow[inst] = [builder.call(fn, [lane]) for lane in lanes]


def shadow_pointers(pass_, builder, inst, primal, info: Callee) -> bool:
    """The shadow-pointer work of a call (allocations, data pointers, reference counts, frees).

    Returns whether the facts covered the call: then it needs nothing else.
    """
    if info.allocates:
        if info.forward is not None:  # an allocator's own handler makes shadow pointers only (a tape's growth)
            info.forward(pass_, builder, inst, primal)
        elif inst in pass_.activity:
            _allocate(pass_, builder, inst, primal, info)
        return True
    if info.passthrough:
        _passthrough(pass_, builder, inst, primal)
        return True
    if info.mirror or info.frees:
        _mirror(pass_, builder, inst, primal)
        return True
    return info.inactive or info.escapes


def forward_call(pass_, builder, inst, primal, info: Callee) -> bool:
    """Forward mode: the callee's own handler, or its shadow-pointer work. False when neither applies."""
    if info.forward is not None:
        info.forward(pass_, builder, inst, primal)
        return True
    return shadow_pointers(pass_, builder, inst, primal, info)
