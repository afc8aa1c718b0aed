"""Re-emit a model function block by block: the skeleton every pass shares.

Input: a `model.Function`. Output: an llvmlite.ir function in an `Emitter`'s
module with the same blocks and instructions; `FunctionCloner.value_map`
maps every model value to its emitted counterpart. Passes subclass it and add
work after each cloned instruction (`after_instruction`).
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.cfg import emission_order
from .emitter import Emitter
from .model import Block, Constant, Function, GlobalRef, Instruction, Value


class FunctionCloner:
    def __init__(self, func: Function, emitter: Emitter):
        self.func = func
        self.emitter = emitter
        self.value_map: dict[Value, ir.Value] = {}
        self.block_map: dict[Block, ir.Block] = {}
        # where each block's code ends: its terminator's block, later than block_map's when code emitted
        # for an instruction made blocks of its own (a loop); the successors' phis come from there
        self.exit_block: dict[Block, ir.Block] = {}
        self._phis: list[tuple[Instruction, ir.PhiInstr]] = []

    # -- hooks for subclasses --------------------------------------------------
    def new_function(self, name: str) -> ir.Function:
        fnty = ir.FunctionType(self.func.return_type, [a.type for a in self.func.args])
        fn = ir.Function(self.emitter.module, fnty, name)
        for a, ia in zip(self.func.args, fn.args):
            ia.name = a.name
            self.value_map[a] = ia
        return fn

    def after_instruction(self, builder: ir.IRBuilder, inst: Instruction, primal: ir.Value | None) -> None:
        pass

    def before_terminator(self, builder: ir.IRBuilder, block: Block) -> None:
        pass

    def clone_block_start(self, builder: ir.IRBuilder, block: Block) -> None:
        pass

    def emit_terminator(self, builder: ir.IRBuilder, inst: Instruction) -> None:
        op = inst.opcode
        if op == "ret":
            if inst.operands:
                builder.ret(self.get(inst.operands[0]))
            else:
                builder.ret_void()
        elif op == "br":
            targets = [self.block_map[t] for t in inst.attrs["targets"]]
            if inst.operands:
                builder.cbranch(self.get(inst.operands[0]), targets[0], targets[1])
            else:
                builder.branch(targets[0])
        elif op == "switch":
            sw = builder.switch(self.get(inst.operands[0]), self.block_map[inst.attrs["default"]])
            for val, blk in inst.attrs["cases"]:
                sw.add_case(ir.Constant(inst.operands[0].type, val), self.block_map[blk])
        else:
            self.emitter.clone(builder, inst, [self.get(o) for o in inst.operands])

    # -- machinery ---------------------------------------------------------------
    def get(self, v: Value) -> ir.Value:
        m = self.value_map.get(v)
        if m is not None:
            return m
        if isinstance(v, Constant):
            return self.emitter.constant(v, self.func.globals)
        if isinstance(v, GlobalRef):
            return self.emitter.global_value(v, self.func.globals)
        if isinstance(v, Block):
            return self.block_map[v]
        raise KeyError(f"value {v!r} used before it was emitted")

    def run(self, name: str) -> ir.Function:
        self.fn = self.new_function(name)
        self.emit_body()
        return self.fn

    def emit_body(self) -> None:
        fn = self.fn
        for block in self.func.blocks:
            self.block_map[block] = fn.append_basic_block(block.name)
        for block in emission_order(self.func):
            builder = ir.IRBuilder(self.block_map[block])
            self.clone_block_start(builder, block)
            for inst in block.instructions:
                if inst.is_terminator:
                    self.before_terminator(builder, block)
                    self.exit_block[block] = builder.block
                    self.emit_terminator(builder, inst)
                    continue
                primal = self.clone_instruction(builder, inst)
                self.after_instruction(builder, inst, primal)
        self.finish_phis()

    def entry_alloca(self, ty: ir.Type, builder: ir.IRBuilder) -> ir.Value:
        """A stack slot in the entry block (where LLVM promotes it), wherever it is needed.

        `builder` is the one emitting now: in the entry block it places the slot
        itself (inserting at the block's start would shift its position).
        """
        from .emitter import opaque_alloca

        entry = self.fn.entry_basic_block
        if builder.block is entry:
            return opaque_alloca(builder, ty)
        b = ir.IRBuilder(entry)
        b.position_at_start(entry)
        return opaque_alloca(b, ty)

    def clone_instruction(self, builder: ir.IRBuilder, inst: Instruction) -> ir.Value | None:
        if inst.opcode == "phi":
            phi = builder.phi(inst.type, name=inst.name)
            self._phis.append((inst, phi))
            self.value_map[inst] = phi
            return phi
        out = self.emitter.clone(builder, inst, [self.get(o) for o in inst.operands])
        if out is not None and not isinstance(inst.type, ir.VoidType):
            self.value_map[inst] = out
        return out

    def finish_phis(self) -> None:
        for inst, phi in self._phis:
            for val, blk in zip(inst.operands, inst.attrs["incoming"]):
                phi.add_incoming(self.get(val), self.incoming_block(blk))
        self._phis.clear()

    def incoming_block(self, blk: Block) -> ir.Block:
        """The emitted block that ends the path from `blk` (subclasses may split blocks)."""
        return self.exit_block.get(blk, self.block_map[blk])


def clone_function(func: Function, emitter: Emitter, name: str | None = None) -> ir.Function:
    return FunctionCloner(func, emitter).run(name or func.name)
