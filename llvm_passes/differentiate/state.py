"""Memory the forward sweep leaves for the reverse sweep.

Input: the function being built and whether it is split. Output: `slot(type,
name, initial)` pointers for everything that crosses from the forward to the
reverse sweep (tape fields, values stored once, loop exit values, the return
status). Combined mode uses stack slots, which LLVM promotes to registers.
Split mode puts them in one heap block (the tape object a caller holds between
the sweeps): the forward phase allocates and initialises it and stores its
address through the `state` argument; the reverse and free phases load it.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..ir.emitter import opaque_alloca

I8 = ir.IntType(8)
I64 = ir.IntType(64)
PTR = ir.PointerType()


class CrossState:
    def __init__(self, emitter, fn: ir.Function, setup: ir.IRBuilder, split: bool, state_ref=None, phase=None):
        self.emitter = emitter
        self.setup = setup
        self.split = split
        if not split:
            return
        self.phase = phase
        self.state_ref = state_ref
        self.size = ir.Constant(I64, 8)  # patched when every slot is known
        self.offset = 0
        self.fresh = fn.append_basic_block("state.new")
        self.reuse = fn.append_basic_block("state.load")
        self.tail = fn.append_basic_block("state.ready")
        fb = ir.IRBuilder(self.fresh)
        malloc = emitter.declare("malloc", ir.FunctionType(PTR, [I64]))
        self.new = fb.call(malloc, [self.size], name="state.new")
        fb.store(self.new, state_ref)
        self.fresh_builder = fb
        rb = ir.IRBuilder(self.reuse)
        old = rb.load(state_ref, typ=PTR, name="state.old")
        rb.branch(self.tail)
        self.tail_builder = ir.IRBuilder(self.tail)
        self.ptr = self.tail_builder.phi(PTR, name="state")
        self.ptr.add_incoming(self.new, self.fresh)
        self.ptr.add_incoming(old, self.reuse)

    def slot(self, ty: ir.Type, name: str, initial: ir.Value | None = None) -> ir.Value:
        if not self.split:
            p = opaque_alloca(self.setup, ty, name=name)
            if initial is not None:
                self.setup.store(initial, p)
            return p
        from .tape import slot_size

        off = self.offset
        self.offset += slot_size(ty, self.emitter.module.data_layout)
        p = self.tail_builder.gep(self.ptr, [ir.Constant(I64, off)], source_etype=I8, name=name)
        if initial is not None:
            q = self.fresh_builder.gep(self.new, [ir.Constant(I64, off)], source_etype=I8)
            self.fresh_builder.store(initial, q)
        return p

    def slot_here(self, b: ir.IRBuilder, ty: ir.Type, name: str) -> ir.Value:
        """Split mode: memory of the state for a value of `ty`, addressed where `b` is (no initial value)."""
        from .tape import slot_size

        off = self.offset
        self.offset += slot_size(ty, self.emitter.module.data_layout)
        return b.gep(self.ptr, [ir.Constant(I64, off)], source_etype=I8, name=name)

    def release(self, b: ir.IRBuilder) -> None:
        if self.split:
            free = self.emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR]))
            b.call(free, [self.ptr])

    def finish(self, forward_entry: ir.Block, reverse_entry: ir.Block, free_entry: ir.Block | None) -> None:
        """Terminate the setup: combined goes straight into the forward sweep; split picks by phase."""
        if not self.split:
            self.setup.branch(forward_entry)
            return
        self.size.constant = max(self.offset, 8)
        is_forward = self.setup.icmp_signed("==", self.phase, ir.Constant(self.phase.type, 1))
        self.setup.cbranch(is_forward, self.fresh, self.reuse)
        self.fresh_builder.branch(self.tail)
        sw = self.tail_builder.switch(self.phase, forward_entry)
        sw.add_case(ir.Constant(self.phase.type, 2), reverse_entry)
        sw.add_case(ir.Constant(self.phase.type, 3), free_entry)
