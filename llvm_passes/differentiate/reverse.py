"""Reverse (adjoint) mode, combined: one function runs the forward sweep, then the reverse sweep.

Input: a preprocessed model function and one kind per argument: 'const',
'dup' (a pointer with a shadow argument; derivatives are added into shadow
memory) or 'active' (a float whose adjoint is added into an extra pointer
argument). A final pointer argument receives the tape size in bytes (may be
null). Output: a function with the primal's return (status code) that, when
the primal succeeds, runs the reverse sweep.

This module sets the derivative up and owns what the stages share; the
stages are: `augmented.py` (the forward sweep), `reverse_cfg.py` (the reverse
sweep's blocks and edges), `reverse_rules.py` (each instruction's adjoint),
`adjoints.py` (adjoint storage), `cache.py` (how the reverse sweep gets a
forward value), `epilogue.py` (outputs, frees, the tape, split phases).
"""

from __future__ import annotations

from collections.abc import Sequence

import llvmlite.ir as ir

from ..analysis.activity import Activity, is_float
from ..analysis.cfg import immediate_dominators, reverse_postorder
from ..analysis.induction import analyze_loops
from ..analysis.memory import MemoryFacts
from ..analysis.types import TypeAnalysis
from ..ir.emitter import Emitter, opaque_alloca
from ..ir.model import Function, Instruction, Value
from . import epilogue, reverse_cfg
from .adjoints import Adjoints
from .augmented import AugmentedSweep
from .cache import ValueCache
from .errors import NotDifferentiableError
from .signature import PTR, bind, parameter_types
from .state import CrossState
from .tape import Tape, define_tape_helpers

I32 = ir.IntType(32)
I64 = ir.IntType(64)


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
        reuse_tapes: bool = True,
        memo: dict | None = None,
        atomic_adjoints: frozenset[int] = frozenset(),
    ):
        if len(kinds) != len(func.args):
            raise ValueError(f"{func.name}: {len(kinds)} activities for {len(func.args)} arguments")
        self.func = func
        # a returned float is the result (its adjoint seeds the reverse sweep), anything else a status
        self.returns_float = is_float(func.return_type)
        self.emitter = emitter
        self.kinds = list(kinds)
        self.module = module
        self.width = width
        self.split = split
        # False: tapes are plain realloc'd memory (no buffer kept between calls), so that this derivative
        # can itself be differentiated
        self.reuse_tapes = reuse_tapes
        # for a derivative that runs on several threads at once (the rows of a parallel loop): the pointer
        # arguments whose shadow memory they share; adjoints are added into it (and into memory of
        # unknown origin) atomically
        self.atomic_adjoints = {func.args[i] for i in atomic_adjoints}
        # pointer arguments whose primal contents nobody reads afterwards (e.g. the return slot
        # in Reverse mode): stores into them are dropped, so work feeding only them is dead
        self.unused_outputs = {func.args[i] for i in unused_outputs}
        self.loops = analyze_loops(func)
        # in split mode the caller may change these arguments' memory between the sweeps
        self.memory = MemoryFacts(func, {func.args[i] for i in modified_between}, module)
        self.types = TypeAnalysis(func, hints)
        self.activity = Activity(func, {a for a, k in zip(func.args, kinds) if k != "const"})
        self.reachable = reverse_postorder(func)
        self.idom = immediate_dominators(func)
        preds = func.predecessors()
        live = set(self.reachable)
        self.preds = {b: [p for p in preds[b] if p in live] for b in self.reachable}
        self.iv_slot: dict = {}  # loop counter phi -> the reverse sweep's counter
        self.lastiv_slot: dict = {}  # loop counter phi -> its value when the loop was left
        self.pop_block: dict = {}
        self.rev_block: dict = {}
        self.ret_blocks: list = []
        self.free_tags: dict[str, int] = {}  # freeing callee -> tag of its deferred frees
        self._side_tape: Tape | None = None
        # (callee, activities, width) -> split derivative of a callee that stayed a call, shared by the
        # passes that callee's own derivative starts (recursion)
        self.memo: dict = {} if memo is None else memo
        self.rev_start_body: ir.Block | None = None  # set by epilogue.start
        self.free_only: ir.Block | None = None

    # -- what the stages ask for ---------------------------------------------------------------
    def primal(self, b: ir.IRBuilder, v: Value) -> ir.Value:
        """The forward value of `v`, valid in the reverse block being emitted."""
        return self.cache.get(b, ("p", v))

    def shadow(self, b: ir.IRBuilder, v: Value, lane: int) -> ir.Value:
        """Lane `lane` of the shadow pointer of `v`, valid in the reverse block being emitted."""
        return self.cache.get(b, ("s", v, lane))

    def active(self, v: Value) -> bool:
        return v in self.activity

    def side_tape(self) -> Tape:
        """A LIFO of its own for what a call's handlers carry from the forward sweep to the call's reverse
        block (a custom rule's tape): pushed at the call, popped in its reverse, in the order the sweeps
        meet the calls, never mixed with the cache's pushes (which land at block ends and loop exits)."""
        if self._side_tape is None:
            self._side_tape = Tape(self.emitter, self.cross.slot, "side", reuse=self.reuse_tapes)
        return self._side_tape

    def defined(self, name: str | None) -> bool:
        """Is `name` a function with a body in the module (a call that was not inlined)?"""
        try:
            return self.module is not None and not self.module.get_function(name).is_declaration
        except NameError:
            return False

    def error(self, inst: Instruction, msg: str) -> NotDifferentiableError:
        return NotDifferentiableError(msg, inst, self.func)

    # -- building ------------------------------------------------------------------------------
    def entry_types(self) -> list[ir.Type]:
        """The derivative's parameter types (a caller building a call uses the same list)."""
        types = parameter_types([a.type for a in self.func.args], self.kinds, self.width)
        if self.returns_float:  # the seeds: the adjoint of the returned value, one per lane
            types += [self.func.return_type] * self.width
        types.append(PTR)  # tape bytes out
        if self.split:
            types += [PTR, I32]  # where the state's address lives; phase 1 forward, 2 reverse, 3 free
        return types

    def run(self, name: str) -> ir.Function | list[ir.Function]:
        fnty = ir.FunctionType(self.func.return_type, self.entry_types())
        self.fn = ir.Function(self.emitter.module, fnty, f"{name}.phases" if self.split else name)
        self.setup = ir.IRBuilder(self.fn.append_basic_block("setup"))
        self.adjoints = Adjoints(self.setup, self.activity)
        self.sweep = AugmentedSweep(
            self, self.func, self.emitter, [k == "dup" for k in self.kinds], self.activity, self.width
        )
        params = bind(self.fn, self.func.args, self.kinds, self.width)
        self.sweep.value_map.update(params.primal)
        self.sweep.shadow.update(params.shadows)
        self.outs = params.adjoint_outputs
        self.return_seeds = params.rest[: self.width] if self.returns_float else []
        for j, seed in enumerate(self.return_seeds):
            seed.name = f"return.seed{j}"
        self.tape_out, *split_params = params.rest[len(self.return_seeds) :]
        self.tape_out.name = "tape.bytes"
        self.phase = None
        if self.split:
            state_ref, self.phase = split_params
            state_ref.name, self.phase.name = "state.ref", "phase"
        self.cross = CrossState(self.emitter, self.fn, self.setup, self.split, *(split_params or (None, None)))
        self._make_slots()
        self.rev_start = self.fn.append_basic_block("rev.start")
        self.exc_exit = self.fn.append_basic_block("exception.exit")
        self.sweep.fn = self.fn
        self.sweep.emit_body()
        self._finish_pred_indices()
        self.cache = ValueCache(
            self.sweep,
            self.loops,
            self.idom,
            self.memory,
            self.emitter,
            self.cross,
            self.setup,
            self.iv_slot,
            self.lastiv_slot,
            self.pop_block,
        )
        reverse_cfg.build(self)
        self.cross.finish(self.sweep.block_map[self.func.entry], self.rev_start_body, self.free_only)
        made = epilogue.phase_wrappers(self, name) if self.split else self.fn
        define_tape_helpers(self.emitter)
        return made

    def _make_slots(self) -> None:
        """Memory that crosses from the forward to the reverse sweep: tapes, status, loop counters."""
        slot = self.cross.slot
        self.tape = Tape(self.emitter, slot, "tape", reuse=self.reuse_tapes)
        self.deferred = Tape(self.emitter, slot, "deferred", initial_bytes=128, reuse=self.reuse_tapes)
        # a void function has no status: it always succeeds
        self.status_type = I32 if isinstance(self.func.return_type, ir.VoidType) else self.func.return_type
        self.status_slot = slot(self.status_type, "status")
        self.retidx_slot = slot(I32, "ret.index")
        self.bytes_slot = slot(I64, "tape.bytes.slot")
        for inds in self.loops.by_loop.values():
            if inds:  # the reverse sweep keeps one counter per loop; the others are derived from it
                phi = inds[0].phi
                self.iv_slot[phi] = opaque_alloca(self.setup, phi.type, name=f"{phi.name}.iv")
                self.lastiv_slot[phi] = slot(phi.type, f"{phi.name}.last")

    # -- hooks called by the forward sweep -------------------------------------------------------
    def at_block_start(self, builder, block, sweep) -> None:
        if block in self.preds and len(self.preds[block]) > 1 and not self.counted_header(block):
            sweep.pred_index[block] = builder.phi(I32, name=f"{block.name}.from")

    def _finish_pred_indices(self) -> None:
        for block, phi in self.sweep.pred_index.items():
            for i, p in enumerate(self.preds[block]):
                for _ in range(p.successors.count(block)):  # one entry per edge, even two from one block
                    phi.add_incoming(ir.Constant(I32, i), self.sweep.incoming_block(p))

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
        if self.returns_float:  # a result, not a status: the primal always succeeded
            builder.branch(self.rev_start)
            return
        ok = builder.or_(
            builder.icmp_signed("==", status, ir.Constant(status.type, 0)),
            builder.icmp_signed("==", status, ir.Constant(status.type, -2)),
        )
        builder.cbranch(ok, self.rev_start, self.exc_exit)

    def defer_free(self, builder, inst: Instruction, sweep) -> None:
        epilogue.defer_free(self, builder, inst, sweep)

    def int_store_mirrors(self, ptr) -> bool:
        kind = self.types.pointee_kind(ptr)
        return kind is not None and not kind.startswith("Float@")

    def counted_header(self, block) -> bool:
        lp = self.loops.loop_of(block)
        return lp is not None and lp.header is block and bool(self.loops.by_loop.get(lp))


def differentiate_reverse(
    func: Function,
    emitter: Emitter,
    kinds: Sequence[str],
    name: str,
    module=None,
    hints: dict | None = None,
    unused_outputs: frozenset[int] = frozenset(),
    width: int = 1,
    reuse_tapes: bool = True,
) -> ir.Function:
    """Emit the combined reverse-mode derivative of `func` as `name` into `emitter`'s module.

    `hints`: argument index -> pointee type, seeds for type analysis.
    `unused_outputs`: indices of pointer arguments whose primal contents are not needed.
    `reuse_tapes`: keep tape buffers between calls (faster; False when the derivative will be
    differentiated again).
    """
    return ReversePass(func, emitter, kinds, module, hints, unused_outputs, width=width, reuse_tapes=reuse_tapes).run(
        name
    )


def differentiate_split(
    func: Function,
    emitter: Emitter,
    kinds: Sequence[str],
    name: str,
    module=None,
    hints: dict | None = None,
    modified_between: frozenset[int] = frozenset(),
    width: int = 1,
    reuse_tapes: bool = True,
):
    """Emit split reverse mode: `name.forward`, `name.reverse` and `name.free`.

    Forward and reverse take the combined function's arguments plus a final
    `ptr state_ref`: forward stores the address of a new state (the tape) there,
    reverse consumes and frees it, `free(state_ref)` releases an unused one.
    `modified_between`: argument indices whose memory may change between the
    sweeps, so nothing read from it is recomputed in the reverse sweep.
    """
    return ReversePass(
        func,
        emitter,
        kinds,
        module,
        hints,
        split=True,
        modified_between=modified_between,
        width=width,
        reuse_tapes=reuse_tapes,
    ).run(name)
