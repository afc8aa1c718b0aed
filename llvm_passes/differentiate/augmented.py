"""The forward sweep of reverse mode (Enzyme's augmented primal).

Input: a model function, its activity and the function being built. Output:
the primal computation plus what the reverse sweep needs from it: shadow
pointers (shadow allocations zero-initialised), frees deferred until the
reverse sweep has used the memory, the index of the predecessor each
multi-predecessor block was entered from, and the last value of each
induction variable at loop exits. No tangents are computed: adjoints start
at zero and only the reverse sweep touches shadow memory of floats.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.activity import carries_float, holds_active_data
from ..analysis.memory import roots
from ..callees import callee
from ..ir.clone import FunctionCloner
from ..ir.emitter import opaque_alloca
from ..ir.model import Constant, Instruction
from . import callee_calls
from .calls import shadow_pointers
from .forward import ForwardPass
from .tape import abi_size

I32 = ir.IntType(32)
I64 = ir.IntType(64)


class AugmentedSweep(ForwardPass):
    sweep_of_reverse = True

    def __init__(self, owner, func, emitter, shadow_args, activity, width: int = 1):
        super().__init__(func, emitter, shadow_args, width=width, module=owner.module)
        self.activity = activity  # includes active float arguments, which have no forward shadow
        self.owner = owner  # the ReversePass: hooks for returns, block entry and exits
        self.pred_index: dict = {}  # block -> i32 phi naming the predecessor it was entered from

    def new_function(self, name: str) -> ir.Function:
        return self.owner.fn

    def lanes(self, v):
        return self.shadow.get(v)

    def entry_alloca(self, ty, builder):
        return opaque_alloca(self.owner.setup, ty)  # the reverse pass's setup block is the entry

    # -- what gets a shadow in the forward sweep: pointers and integers only --------------
    def after_instruction(self, builder, inst: Instruction, primal) -> None:
        op = inst.opcode
        if op == "call":
            # shadow pointers only (allocations, data pointers, reference counts): a callee's own forward
            # handler computes tangents, which this sweep never does; frees wait for the reverse sweep
            info = callee(inst.callee)
            if info is not None and not info.frees:
                shadow_pointers(self, builder, inst, primal, info)
            return
        if op == "store":
            val, ptr = inst.operands
            if primal is None:
                return
            if (
                ptr in self.shadow
                and not carries_float(val.type)
                and (isinstance(val.type, ir.PointerType) or val in self.shadow or self.owner.int_store_mirrors(ptr))
            ):
                # pointers (and aggregates of them, e.g. a returned array) store their shadow; integers
                # (shapes, strides) are mirrored into shadow memory that does not hold floats
                for k, lane in enumerate(self.shadow[ptr]):
                    builder.store(self.shadow_or_default(builder, val, k, inst), lane)
            return
        if carries_float(inst.type) or inst not in self.activity:
            return
        if op == "alloca":
            if self.owner.split and not (inst.operands and not isinstance(inst.operands[0], Constant)):
                # the reverse phase is another call, made after this frame is gone: shadows of stack
                # memory (a callee's result slot, kept as a call) live in the state the phases share
                ty = inst.attrs["alloca_type"]
                cross = self.owner.cross
                self.shadow[inst] = [cross.slot_here(builder, ty, f"{inst.name}.shadow{k}") for k in range(self.width)]
            else:
                self.visit_alloca(builder, inst, primal)
            size = abi_size(inst.attrs["alloca_type"], self.emitter.module.data_layout)
            memset = self.emitter.intrinsic(
                "llvm.memset.p0.i64", ir.VoidType(), [ir.PointerType(), ir.IntType(8), I64, ir.IntType(1)]
            )
            for lane in self.shadow[inst]:
                builder.call(
                    memset, [lane, ir.Constant(ir.IntType(8), 0), ir.Constant(I64, size), ir.Constant(ir.IntType(1), 0)]
                )
            return
        if not holds_active_data(inst.type) and not isinstance(inst.type, ir.IntType):
            return
        super().after_instruction(builder, inst, primal)

    def clone_instruction(self, builder, inst: Instruction):
        if inst.opcode == "store" and self.owner.unused_outputs:
            r = roots(inst.operands[1])
            if r and r <= self.owner.unused_outputs:
                return None
        info = callee(inst.callee) if inst.opcode == "call" else None
        if info is not None and info.frees:
            self.owner.defer_free(builder, inst, self)
            return None
        if info is not None and info.custom and info.augmented is not None:  # the rule makes the call
            out = info.augmented(self, builder, inst)
            if out is not None:
                self.value_map[inst] = out
                return out
            return FunctionCloner.clone_instruction(self, builder, inst)  # nothing active: the call itself
        if info is not None and info.save is not None:  # the call, then what its reverse will need
            out = super().clone_instruction(builder, inst)
            info.save(self, builder, inst)
            return out
        if inst.opcode == "call" and self.differentiable_callee(inst):
            out = callee_calls.forward_phase(self.owner, self, builder, inst)  # a call that stayed a call
            if not isinstance(inst.type, ir.VoidType):
                self.value_map[inst] = out
            return out
        return super().clone_instruction(builder, inst)

    # -- hooks into the control flow ---------------------------------------------------
    def emit_terminator(self, builder, inst: Instruction) -> None:
        if inst.opcode == "ret":
            self.owner.on_return(builder, inst, self)
        else:
            super().emit_terminator(builder, inst)

    def before_terminator(self, builder, block) -> None:
        self.owner.at_block_end(builder, block, self)

    def clone_block_start(self, builder, block) -> None:
        self.owner.at_block_start(builder, block, self)
