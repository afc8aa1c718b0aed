"""Reverse (adjoint) mode, combined: one function runs the forward sweep, then the reverse sweep.

Input: a preprocessed model function and one kind per argument: 'const',
'dup' (a pointer with a shadow argument; derivatives are added into shadow
memory) or 'active' (a float whose adjoint is added into an extra pointer
argument). A final pointer argument receives the tape size in bytes (may be
null). Output: a function with the primal's return (status code) that, when
the primal succeeds, runs the reverse sweep.

The reverse sweep mirrors the CFG: each primal block B gets a reverse block
that handles B's instructions last to first (adjoints live in stack slots,
zeroed after use), then moves to the reverse block of the predecessor B was
entered from. Phi adjoints flow along that edge. Loops with a canonical
induction variable count it down; other control flow uses recorded
predecessor indices. Forward values come from `cache.ValueCache`.
"""

from __future__ import annotations

from collections.abc import Sequence

import llvmlite.ir as ir

from ..analysis.activity import Activity, is_float
from ..analysis.cfg import immediate_dominators, reverse_postorder
from ..analysis.induction import analyze_loops
from ..analysis.memory import MemoryFacts, roots
from ..analysis.types import ANYTHING, TypeAnalysis
from ..derivatives.builder import DerivativeBuilder
from ..derivatives.probe import partial_dependencies
from ..derivatives.table import INACTIVE, ZERO, lookup
from ..ir.emitter import Emitter, opaque_alloca
from ..ir.model import Argument, Constant, Function, Instruction, Value
from .augmented import DEFERRED_FREES, AugmentedSweep, carries_float
from .cache import ValueCache
from .calls import INACTIVE_CALLS, dot_kind, find_call_handler
from .errors import NotDifferentiableError, check_store_target
from .prealloc import preallocate
from .state import CrossState
from .tape import Tape

I32 = ir.IntType(32)
I64 = ir.IntType(64)
PTR = ir.PointerType()
_NO_REVERSE_WORK = (
    "llvm.lifetime.",
    "llvm.assume",
    "llvm.expect",
    "llvm.prefetch",
    "llvm.dbg.",
    "NRT_incref",
    "NRT_MemInfo_data_fast",
    "NRT_MemInfo_alloc",
    "NRT_Allocate",
    "malloc",
)


def zero_of(ty: ir.Type) -> ir.Value:
    return ir.Constant(ty, None)


def adjoint_zero(ty: ir.Type) -> ir.Value:
    """-0.0 in every float field: x + (-0.0) == x exactly, so LLVM folds the first accumulation."""
    if is_float(ty):
        return ir.Constant(ty, -0.0)
    if isinstance(ty, ir.LiteralStructType):
        return ir.Constant(ty, [adjoint_zero(t) if carries_float(t) else zero_of(t) for t in ty.elements])
    if isinstance(ty, ir.ArrayType) and carries_float(ty.element):
        return ir.Constant(ty, [adjoint_zero(ty.element)] * ty.count)
    return zero_of(ty)


class ReversePass:
    def __init__(
        self,
        func: Function,
        emitter: Emitter,
        kinds: Sequence[str],
        module=None,
        hints: dict | None = None,
        unused_outputs: frozenset[int] = frozenset(),
        split: bool = False,
        modified_between: frozenset[int] = frozenset(),
        width: int = 1,
    ):
        if len(kinds) != len(func.args):
            raise ValueError(f"{func.name}: {len(kinds)} activities for {len(func.args)} arguments")
        self.func = func
        self.emitter = emitter
        self.kinds = list(kinds)
        self.module = module
        # pointer arguments whose primal contents nobody reads afterwards (e.g. the return slot
        # in Reverse mode): stores into them are dropped, so work feeding only them is dead
        self.unused_outputs = {func.args[i] for i in unused_outputs}
        self.loops = analyze_loops(func)
        self.split = split
        # in split mode the caller may change these arguments' memory between the sweeps
        self.memory = MemoryFacts(func, {func.args[i] for i in modified_between})
        self.types = TypeAnalysis(func, hints)
        self.activity = Activity(func, {a for a, k in zip(func.args, kinds) if k != "const"})
        self.reachable = reverse_postorder(func)
        self.idom = immediate_dominators(func)
        preds = func.predecessors()
        live = set(self.reachable)
        self.preds = {b: [p for p in preds[b] if p in live] for b in self.reachable}
        self.adj_slots: dict[tuple, ir.Value] = {}  # (value, lane) -> slot
        self.outs: dict[Argument, list[ir.Value]] = {}  # active argument -> W adjoint pointers
        self.width = width
        self.lane = 0  # the batch lane being emitted
        self.iv_slot: dict = {}
        self.lastiv_slot: dict = {}
        self.pop_block: dict = {}
        self.rev_block: dict = {}
        self.ret_blocks: list = []

    # -- signature and setup --------------------------------------------------------------
    def run(self, name: str) -> ir.Function:
        types = []
        W = self.width
        for a, k in zip(self.func.args, self.kinds):
            types.append(a.type)
            if k == "dup":
                types += [a.type] * W
            elif k == "active":
                types += [PTR] * W
        types.append(PTR)  # tape bytes out
        if self.split:
            types += [PTR, I32]  # where the state's address lives; phase 1 forward, 2 reverse, 3 free
        self.fn = ir.Function(
            self.emitter.module, ir.FunctionType(self.func.return_type, types), f"{name}.phases" if self.split else name
        )
        setup_block = self.fn.append_basic_block("setup")
        self.setup = ir.IRBuilder(setup_block)
        self.sweep = AugmentedSweep(
            self, self.func, self.emitter, [k == "dup" for k in self.kinds], self.activity, self.width
        )
        it = iter(self.fn.args)
        for a, k in zip(self.func.args, self.kinds):
            ia = next(it)
            ia.name = a.name
            self.sweep.value_map[a] = ia
            if k == "dup":
                lanes = [next(it) for _ in range(W)]
                for j, sa in enumerate(lanes):
                    sa.name = f"{a.name}.shadow{j}"
                self.sweep.shadow[a] = lanes
            elif k == "active":
                outs = [next(it) for _ in range(W)]
                for j, out in enumerate(outs):
                    out.name = f"{a.name}.adjoint{j}"
                self.outs[a] = outs
        self.tape_out = next(it)
        self.tape_out.name = "tape.bytes"
        state_ref = phase = None
        if self.split:
            state_ref, phase = next(it), next(it)
            state_ref.name, phase.name = "state.ref", "phase"
        self.phase = phase
        self.cross = CrossState(self.emitter, self.fn, self.setup, self.split, state_ref, phase)
        slot = self.cross.slot
        self.tape = Tape(self.emitter, slot, "tape")
        self.deferred = Tape(self.emitter, slot, "deferred", initial_bytes=128)
        # a void function has no status: it always succeeds
        self.status_type = I32 if isinstance(self.func.return_type, ir.VoidType) else self.func.return_type
        self.status_slot = slot(self.status_type, "status")
        self.retidx_slot = slot(I32, "ret.index")
        self.bytes_slot = slot(I64, "tape.bytes.slot")
        for inds in self.loops.by_loop.values():
            if inds:  # the reverse sweep keeps one counter per loop; the others are derived from it
                ind = inds[0]
                self.iv_slot[ind.phi] = opaque_alloca(self.setup, ind.phi.type, name=f"{ind.phi.name}.iv")
                self.lastiv_slot[ind.phi] = slot(ind.phi.type, f"{ind.phi.name}.last")
        self.rev_start = self.fn.append_basic_block("rev.start")
        self.exc_exit = self.fn.append_basic_block("exception.exit")
        self.sweep.fn = self.fn
        self.sweep.emit_body()
        self.finish_pred_indices()
        self.cache = ValueCache(self)
        self.build_reverse()
        self.cross.finish(self.sweep.block_map[self.func.entry], self.rev_start_body, self.free_only)
        if self.split:
            return self.emit_phase_wrappers(name)
        return self.fn

    def emit_phase_wrappers(self, name: str):
        """`name.forward`, `name.reverse` (same arguments) and `name.free(state_ref)` around the phases."""
        self.fn.linkage = "internal"
        self.fn.attributes.add("alwaysinline")
        fnty = self.fn.function_type
        outer = ir.FunctionType(fnty.return_type, list(fnty.args[:-1]))
        made = []
        for suffix, phase in (("forward", 1), ("reverse", 2)):
            w = ir.Function(self.emitter.module, outer, f"{name}.{suffix}")
            b = ir.IRBuilder(w.append_basic_block("entry"))
            b.ret(b.call(self.fn, list(w.args) + [ir.Constant(I32, phase)]))
            made.append(w)
        w = ir.Function(self.emitter.module, ir.FunctionType(fnty.return_type, [PTR]), f"{name}.free")
        b = ir.IRBuilder(w.append_basic_block("entry"))
        args = [ir.Constant(t, ir.Undefined) for t in fnty.args[:-2]] + [w.args[0], ir.Constant(I32, 3)]
        b.ret(b.call(self.fn, args))
        made.append(w)
        return made

    # -- hooks called by the forward sweep ---------------------------------------------------
    def before_forward_body(self, sweep) -> None:
        pass

    def at_block_start(self, builder, block, sweep) -> None:
        if block in self.preds and len(self.preds[block]) > 1 and not self.counted_header(block):
            sweep.pred_index[block] = builder.phi(I32, name=f"{block.name}.from")

    def finish_pred_indices(self) -> None:
        for block, phi in self.sweep.pred_index.items():
            for i, p in enumerate(self.preds[block]):
                for _ in range(p.successors.count(block)):  # one entry per edge, even two from one block
                    phi.add_incoming(ir.Constant(I32, i), self.sweep.block_map[p])

    def at_block_end(self, builder, block, sweep) -> None:
        # remember the loop counter's value in the iteration that leaves its loop (the other
        # induction variables of the loop are derived from it in the reverse sweep)
        for lp in self.loops.loops_containing(block):
            if self.loops.by_loop[lp] and any(s not in lp.blocks for s in block.successors):
                ind = self.loops.by_loop[lp][0]
                builder.store(sweep.get(ind.phi), self.lastiv_slot[ind.phi])

    def on_return(self, builder, inst: Instruction, sweep) -> None:
        status = sweep.get(inst.operands[0]) if inst.operands else ir.Constant(I32, 0)
        builder.store(status, self.status_slot)
        builder.store(ir.Constant(I32, len(self.ret_blocks)), self.retidx_slot)
        self.ret_blocks.append(inst.block)
        ok = builder.or_(
            builder.icmp_signed("==", status, ir.Constant(status.type, 0)),
            builder.icmp_signed("==", status, ir.Constant(status.type, -2)),
        )
        builder.cbranch(ok, self.rev_start, self.exc_exit)

    def defer_free(self, builder, inst: Instruction, sweep) -> None:
        tag = ir.Constant(I64, DEFERRED_FREES[inst.callee])
        ptr = inst.operands[0]
        self.deferred.push(builder, [sweep.get(ptr), tag])
        for lane in sweep.shadow.get(ptr, ()):
            self.deferred.push(builder, [lane, tag])

    def int_store_mirrors(self, ptr) -> bool:
        kind = self.types.pointee_kind(ptr)
        return kind is not None and not kind.startswith("Float@")

    def counted_header(self, block) -> bool:
        lp = self.loops.loop_of(block)
        return lp is not None and lp.header is block and bool(self.loops.by_loop.get(lp))

    # -- adjoints ----------------------------------------------------------------------------
    def has_adjoint(self, v: Value) -> bool:
        return v in self.activity and not isinstance(v, Constant) and carries_float(v.type)

    def adj_slot(self, v: Value, lane: int | None = None) -> ir.Value:
        key = (v, self.lane if lane is None else lane)
        slot = self.adj_slots.get(key)
        if slot is None:
            slot = self.adj_slots[key] = opaque_alloca(self.setup, v.type, name=f"{v.name}.adj{key[1]}")
            self.setup.store(adjoint_zero(v.type), slot)
        return slot

    def add_adjoint(self, b, v: Value, delta: ir.Value) -> None:
        if not self.has_adjoint(v):
            return
        slot = self.adj_slot(v)
        b.store(self.fadd_any(b, b.load(slot, typ=v.type), delta), slot)

    def take_adjoint(self, b, v: Value) -> ir.Value:
        slot = self.adj_slot(v)
        d = b.load(slot, typ=v.type)
        b.store(adjoint_zero(v.type), slot)
        return d

    def fadd_any(self, b, a, d):
        """a + d for floats and, field by field, for aggregates of floats."""
        ty = a.type
        if is_float(ty):
            return b.fadd(a, d)
        elems = ty.elements if isinstance(ty, ir.LiteralStructType) else [ty.element] * ty.count
        out = a
        for i, et in enumerate(elems):
            if carries_float(et):
                out = b.insert_value(out, self.fadd_any(b, b.extract_value(a, i), b.extract_value(d, i)), i)
        return out

    # -- the reverse sweep ---------------------------------------------------------------------
    def build_reverse(self) -> None:
        for block in self.reachable:
            self.pop_block[block] = self.fn.append_basic_block(f"rev.{block.name}.pop")
            self.rev_block[block] = self.fn.append_basic_block(f"rev.{block.name}")
        self.final = self.fn.append_basic_block("rev.done")
        b = ir.IRBuilder(self.rev_start)
        b.store(self.tape.bytes_used(b), self.bytes_slot)
        self.rev_start_body = self.fn.append_basic_block("rev.begin")
        self.free_only = None
        if self.split:
            # the forward phase ends here, leaving the state for the reverse phase
            done = self.fn.append_basic_block("forward.done")
            b.cbranch(b.icmp_signed("==", self.phase, ir.Constant(I32, 1)), done, self.rev_start_body)
            db = ir.IRBuilder(done)
            self.write_tape_bytes(db)
            self.ret_status(db, db.load(self.status_slot, typ=self.status_type))
            self.free_only = self.fn.append_basic_block("free.only")
            fb = ir.IRBuilder(self.free_only)
            self.run_deferred_frees(fb)
            self.finish_and_return(fb, ir.Constant(self.status_type, 0))
        else:
            b.branch(self.rev_start_body)
        b = ir.IRBuilder(self.rev_start_body)
        if len(self.ret_blocks) == 1:
            b.branch(self.pop_block[self.ret_blocks[0]])
        else:
            sw = b.switch(b.load(self.retidx_slot, typ=I32), self.pop_block[self.ret_blocks[0]])
            for i, blk in enumerate(self.ret_blocks):
                sw.add_case(ir.Constant(I32, i), self.pop_block[blk])
        for block in self.reachable:
            self.emit_reverse_block(block)
        self.cache.emit_tape(self.tape)
        preallocate(self)
        for block in self.reachable:
            ir.IRBuilder(self.pop_block[block]).branch(self.rev_block[block])
        self.emit_final()
        self.emit_exception_exit()

    def emit_reverse_block(self, block) -> None:
        self.cache.enter(block)
        b = ir.IRBuilder(self.rev_block[block])
        for inst in reversed(block.instructions):
            if not inst.is_terminator:
                for self.lane in range(self.width):
                    self.visit(b, inst)
        self.lane = 0
        preds = self.preds[block]
        if block is self.func.entry or not preds:
            b.branch(self.final)
            return
        ind_updates = self.loop_exit_updates(b, block)
        if len(preds) == 1:
            b.branch(self.edge(block, preds[0], ind_updates))
        elif self.counted_header(block):
            lp = self.loops.loop_of(block)
            ind = self.loops.by_loop[lp][0]
            cur = self.cache.get(b, ("p", ind.phi))
            first = b.icmp_signed("==", cur, self.cache.get(b, ("p", ind.start)))
            back = {ind.phi: b.sub(cur, ir.Constant(ind.phi.type, ind.step))}
            b.cbranch(
                first,
                self.edge(block, ind.preheader, ind_updates),
                self.edge(block, ind.latch, {**ind_updates, **back}),
            )
        else:
            idx = self.cache.get(b, ("pred", block))
            targets = [self.edge(block, p, ind_updates) for p in preds]
            sw = b.switch(idx, targets[0])
            for i, t in enumerate(targets):
                sw.add_case(ir.Constant(I32, i), t)

    def loop_exit_updates(self, b, block) -> dict:
        """Going back into a loop we left: start its induction variables at their last values."""
        updates = {}
        inside = set(self.loops.loops_containing(block))
        for p in self.preds[block]:
            for lp in self.loops.loops_containing(p):
                if lp in inside:
                    continue
                if self.loops.by_loop[lp]:
                    ind = self.loops.by_loop[lp][0]
                    if ind.phi not in updates:
                        updates[ind.phi] = self.cache.get(b, ("lastiv", ind.phi))
        return updates

    def edge(self, block, pred, iv_updates: dict) -> ir.Block:
        e = self.fn.append_basic_block(f"rev.{block.name}.to.{pred.name}")
        b = ir.IRBuilder(e)
        for phi, val in iv_updates.items():
            if pred in self.loops.inductions[phi].loop.blocks:
                b.store(val, self.iv_slot[phi])
        for self.lane in range(self.width):
            moved = []
            for phi in block.phis:
                if self.has_adjoint(phi):
                    moved.append((phi, self.take_adjoint(b, phi)))
            for phi, d in moved:
                inc = phi.operands[phi.attrs["incoming"].index(pred)]
                self.add_adjoint(b, inc, d)
        self.lane = 0
        b.branch(self.pop_block[pred])
        return e

    def emit_final(self) -> None:
        b = ir.IRBuilder(self.final)
        for a, outs in self.outs.items():
            for lane, out in enumerate(outs):
                if (a, lane) in self.adj_slots:
                    d = b.load(self.adj_slots[(a, lane)], typ=a.type)
                    b.store(b.fadd(b.load(out, typ=a.type), d), out)
        self.run_deferred_frees(b)
        self.finish_and_return(b, b.load(self.status_slot, typ=self.status_type))

    def emit_exception_exit(self) -> None:
        b = ir.IRBuilder(self.exc_exit)
        b.store(self.tape.bytes_used(b), self.bytes_slot)
        self.run_deferred_frees(b)
        self.finish_and_return(b, b.load(self.status_slot, typ=self.status_type))

    def finish_and_return(self, b, status) -> None:
        self.tape.release(b)
        self.deferred.release(b)
        self.write_tape_bytes(b)
        self.cross.release(b)
        self.ret_status(b, status)

    def ret_status(self, b, status) -> None:
        if isinstance(self.func.return_type, ir.VoidType):
            b.ret_void()
        else:
            b.ret(status)

    def write_tape_bytes(self, b) -> None:
        """Bytes kept between the sweeps: the tape, plus the state block in split mode."""
        has_out = b.icmp_unsigned("!=", self.tape_out, zero_of(PTR))
        with b.if_then(has_out):
            nbytes = b.load(self.bytes_slot, typ=I64)
            if self.split:
                nbytes = b.add(nbytes, self.cross.size)
            b.store(nbytes, self.tape_out)

    def run_deferred_frees(self, b) -> None:
        """Pop (pointer, kind) pairs until the deferred list is empty and release each."""
        loop = b.append_basic_block("free.loop")
        body = b.append_basic_block("free.body")
        done = b.append_basic_block("free.done")
        b.branch(loop)
        b.position_at_end(loop)
        b.cbranch(b.icmp_unsigned("==", self.deferred.bytes_used(b), ir.Constant(I64, 0)), done, body)
        b.position_at_end(body)
        ptr, tag = self.deferred.pop(b, [PTR, I64])
        void_ptr = ir.FunctionType(ir.VoidType(), [PTR])
        fns = [self.emitter.declare(name, void_ptr) for name in sorted(DEFERRED_FREES, key=DEFERRED_FREES.get)]
        cases = [b.append_basic_block(f"free.{i}") for i in range(len(fns))]
        sw = b.switch(tag, cases[0])
        for i, (fn, blk) in enumerate(zip(fns, cases)):
            sw.add_case(ir.Constant(I64, i), blk)
            b.position_at_end(blk)
            b.call(fn, [ptr])
            b.branch(loop)
        b.position_at_end(done)

    # -- instruction adjoints -------------------------------------------------------------------
    def visit(self, b, inst: Instruction) -> None:
        op = inst.opcode
        if op == "store":
            self.rev_store(b, inst)
            return
        if op == "call":
            self.rev_call(b, inst)
            return
        if not self.has_adjoint(inst) or op == "phi":
            return
        visitor = REVERSE_VISITORS.get(op)
        if visitor is not None:
            visitor(self, b, inst)
            return
        r = lookup(op)
        if r is None:
            raise self.error(inst, f"no adjoint rule for instruction `{op}`")
        self.apply_rule(b, inst, r, inst.operands)

    def apply_rule(self, b, inst: Instruction, r, operands) -> None:
        d = self.take_adjoint(b, inst)
        active = [i for i, o in enumerate(operands) if self.has_adjoint(o)]
        deps = partial_dependencies(r, len(operands))
        needed: set = set()
        for i in active:
            needed |= deps[i]
        vals = [
            self.cache.get(b, ("p", o)) if i in needed else ir.Constant(o.type, ir.Undefined)
            for i, o in enumerate(operands)
        ]
        result = self.cache.get(b, ("p", inst)) if "result" in needed else ir.Constant(inst.type, ir.Undefined)
        db = DerivativeBuilder(self.emitter, b, inst.type, result)
        partials = r.partials(db, *vals)
        for i in active:
            p = partials[i]
            if p is ZERO or p is INACTIVE:
                continue
            self.add_adjoint(b, operands[i], db.scale(p, d, r.strong_zero))

    def rev_load(self, b, inst: Instruction) -> None:
        d = self.take_adjoint(b, inst)
        sp = self.cache.get(b, ("s", inst.operands[0], self.lane))
        b.store(self.fadd_any(b, b.load(sp, typ=inst.type), d), sp)

    def rev_store(self, b, inst: Instruction) -> None:
        val, ptr = inst.operands
        if ptr not in self.activity:
            if self.lane == 0:
                check_store_target(self, inst)
            return
        if not carries_float(val.type):
            return
        sp = self.cache.get(b, ("s", ptr, self.lane))
        if self.has_adjoint(val):
            self.add_adjoint(b, val, b.load(sp, typ=val.type))
        b.store(zero_of(val.type), sp)

    def rev_select(self, b, inst: Instruction) -> None:
        d = self.take_adjoint(b, inst)
        c = self.cache.get(b, ("p", inst.operands[0]))
        z = adjoint_zero(inst.type)
        self.add_adjoint(b, inst.operands[1], b.select(c, d, z))
        self.add_adjoint(b, inst.operands[2], b.select(c, z, d))

    def rev_cast(self, b, inst: Instruction) -> None:
        d = self.take_adjoint(b, inst)
        src = inst.operands[0]
        back = b.fptrunc(d, src.type) if inst.opcode == "fpext" else b.fpext(d, src.type)
        self.add_adjoint(b, src, back)

    def rev_extractvalue(self, b, inst: Instruction) -> None:
        d = self.take_adjoint(b, inst)
        agg = inst.operands[0]
        self.add_adjoint(b, agg, b.insert_value(adjoint_zero(agg.type), d, inst.attrs["indices"]))

    def rev_insertvalue(self, b, inst: Instruction) -> None:
        d = self.take_adjoint(b, inst)
        agg, elem = inst.operands
        idx = inst.attrs["indices"]
        self.add_adjoint(b, elem, b.extract_value(d, idx))
        if self.has_adjoint(agg):
            self.add_adjoint(b, agg, b.insert_value(d, adjoint_zero(elem.type), idx))

    def rev_call(self, b, inst: Instruction) -> None:
        callee = inst.callee or ""
        if callee in DEFERRED_FREES or callee.startswith(_NO_REVERSE_WORK) or callee in INACTIVE_CALLS:
            return
        if callee.startswith("llvm.memset."):
            if inst.operands[0] in self.activity:
                sp = self.cache.get(b, ("s", inst.operands[0], self.lane))
                b.call(
                    self.emitter.function_ref(inst.attrs["callee_ref"]),
                    [sp, ir.Constant(ir.IntType(8), 0)] + [self.cache.get(b, ("p", o)) for o in inst.operands[2:]],
                )
            return
        if callee.startswith(("llvm.memcpy.", "llvm.memmove.")):
            self.rev_memcpy(b, inst)
            return
        if callee == "numba_xxdot":
            self.rev_dot(b, inst)
            return
        r = lookup(callee)
        if r is not None:
            if self.has_adjoint(inst):
                self.apply_rule(b, inst, r, inst.operands)
            return
        # values passed by value cannot carry derivatives back out; pointers and results can
        active = [o for o in inst.operands if o in self.activity and isinstance(o.type, ir.PointerType)]
        if self.has_adjoint(inst):
            active.append(inst)
        if not active:
            return
        if find_call_handler(callee) is None:
            if self.module is not None and _defined(self.module, callee):
                raise self.error(
                    inst,
                    f"reverse mode cannot yet differentiate the call to `{callee}`, which stays "
                    "a call (a recursive function is not inlined); forward mode can",
                )
            raise self.error(inst, f"reverse mode cannot differentiate the call to `{callee}`")

    def rev_dot(self, b, inst: Instruction) -> None:
        """*result = x . y: x' += d y, y' += d x, with d the result's adjoint (then zeroed)."""
        fty = dot_kind(self, inst)
        _, _, n, x, y, res = inst.operands
        if res not in self.activity:
            return
        for ptr in (x, y):
            if (
                any(self.memory.may_be_written(r) for r in (roots(ptr) or [None]) if r is not None)
                or roots(ptr) is None
            ):
                raise self.error(
                    inst,
                    "reverse mode differentiates np.dot only of memory the function never "
                    "writes (it would need the values as they were at the call)",
                )
        rs = self.cache.get(b, ("s", res, self.lane))
        d = b.load(rs, typ=fty)
        b.store(zero_of(fty), rs)
        count = self.cache.get(b, ("p", n))
        xs, ys = (self.cache.get(b, ("p", p)) for p in (x, y))
        sx = self.cache.get(b, ("s", x, self.lane)) if x in self.activity else None
        sy = self.cache.get(b, ("s", y, self.lane)) if y in self.activity else None
        pre = b.block
        loop = b.append_basic_block("dot.adj")
        done = b.append_basic_block("dot.adj.done")
        b.cbranch(b.icmp_signed("<=", count, ir.Constant(count.type, 0)), done, loop)
        b.position_at_end(loop)
        i = b.phi(count.type)
        i.add_incoming(ir.Constant(count.type, 0), pre)
        for shadow, other in ((sx, ys), (sy, xs)):
            if shadow is not None:
                sp = b.gep(shadow, [i], source_etype=fty)
                term = b.fmul(d, b.load(b.gep(other, [i], source_etype=fty), typ=fty))
                b.store(b.fadd(b.load(sp, typ=fty), term), sp)
        i1 = b.add(i, ir.Constant(count.type, 1))
        i.add_incoming(i1, loop)
        b.cbranch(b.icmp_signed("<", i1, count), loop, done)
        b.position_at_end(done)

    def rev_memcpy(self, b, inst: Instruction) -> None:
        """dst = src, elementwise: src' += dst'; dst' = 0, for the float type the memory holds."""
        dst, src, n = inst.operands[:3]
        if dst not in self.activity:
            return
        kind = self.types.pointee_kind(dst)
        kind = kind if kind not in (None, ANYTHING) else self.types.pointee_kind(src)
        if kind is None or kind == ANYTHING:
            raise self.error(
                inst,
                f"cannot deduce the type of the memory copied into %{dst.name} "
                f"({'mixed kinds' if kind == ANYTHING else 'no load or store reveals it'})",
            )
        if not kind.startswith("Float@"):
            return  # integers and pointers carry no adjoint
        fty = {"Float@double": ir.DoubleType(), "Float@float": ir.FloatType(), "Float@half": ir.HalfType()}[kind]
        size = {"double": 8, "float": 4, "half": 2}[str(fty)]
        dsh = self.cache.get(b, ("s", dst, self.lane))
        ssh = self.cache.get(b, ("s", src, self.lane)) if src in self.activity else None
        nbytes = self.cache.get(b, ("p", n))
        count = b.udiv(nbytes, ir.Constant(nbytes.type, size))
        pre = b.block
        loop = b.append_basic_block("memcpy.adj")
        done = b.append_basic_block("memcpy.adj.done")
        b.cbranch(b.icmp_unsigned("==", count, ir.Constant(count.type, 0)), done, loop)
        b.position_at_end(loop)
        k = b.phi(count.type)
        k.add_incoming(ir.Constant(count.type, 0), pre)
        dp = b.gep(dsh, [k], source_etype=fty)
        d = b.load(dp, typ=fty)
        b.store(zero_of(fty), dp)
        if ssh is not None:
            sp = b.gep(ssh, [k], source_etype=fty)
            b.store(b.fadd(b.load(sp, typ=fty), d), sp)
        k1 = b.add(k, ir.Constant(count.type, 1))
        k.add_incoming(k1, loop)
        b.cbranch(b.icmp_unsigned("<", k1, count), loop, done)
        b.position_at_end(done)

    def error(self, inst: Instruction, msg: str) -> NotDifferentiableError:
        return NotDifferentiableError(msg, inst, self.func)


def _defined(module, name: str) -> bool:
    try:
        return not module.get_function(name).is_declaration
    except NameError:
        return False


REVERSE_VISITORS = {
    "load": ReversePass.rev_load,
    "select": ReversePass.rev_select,
    "fpext": ReversePass.rev_cast,
    "fptrunc": ReversePass.rev_cast,
    "extractvalue": ReversePass.rev_extractvalue,
    "insertvalue": ReversePass.rev_insertvalue,
}


def differentiate_reverse(
    func: Function,
    emitter: Emitter,
    kinds: Sequence[str],
    name: str,
    module=None,
    hints: dict | None = None,
    unused_outputs: frozenset[int] = frozenset(),
    width: int = 1,
) -> ir.Function:
    """Emit the combined reverse-mode derivative of `func` as `name` into `emitter`'s module.

    `hints`: argument index -> pointee type, seeds for type analysis.
    `unused_outputs`: indices of pointer arguments whose primal contents are not needed.
    """
    return ReversePass(func, emitter, kinds, module, hints, unused_outputs, width=width).run(name)


def differentiate_split(
    func: Function,
    emitter: Emitter,
    kinds: Sequence[str],
    name: str,
    module=None,
    hints: dict | None = None,
    modified_between: frozenset[int] = frozenset(),
    width: int = 1,
):
    """Emit split reverse mode: `name.forward`, `name.reverse` and `name.free`.

    Forward and reverse take the combined function's arguments plus a final
    `ptr state_ref`: forward stores the address of a new state (the tape) there,
    reverse consumes and frees it, `free(state_ref)` releases an unused one.
    `modified_between`: argument indices whose memory may change between the
    sweeps, so nothing read from it is recomputed in the reverse sweep.
    """
    return ReversePass(
        func, emitter, kinds, module, hints, split=True, modified_between=modified_between, width=width
    ).run(name)
