"""The reverse sweep's control flow: the primal CFG transposed.

Input: the reverse pass after its forward sweep is emitted. Output: for every
reachable primal block B a pop block (where the tape gives back what B's
reverse needs) and a reverse block that reverses B's instructions last to
first, once per batch lane (`reverse_rules.visit`), then leaves for the
reverse of the predecessor B was entered from. Phi adjoints move along that
edge to the incoming value of the predecessor. A counted loop header decides
"first iteration or not" from the loop's counter, which the edge back to the
latch steps down; other blocks with several predecessors switch on the index
the forward sweep recorded. Going back into a loop that was left sets its
counter to the value it had when the loop was left.
"""

from __future__ import annotations

import llvmlite.ir as ir

from . import epilogue
from .prealloc import preallocate
from .reverse_rules import visit

I32 = ir.IntType(32)


def build(rev) -> None:
    for block in rev.reachable:
        rev.pop_block[block] = rev.fn.append_basic_block(f"rev.{block.name}.pop")
        rev.rev_block[block] = rev.fn.append_basic_block(f"rev.{block.name}")
    rev.final = rev.fn.append_basic_block("rev.done")
    epilogue.start(rev)
    b = ir.IRBuilder(rev.rev_start_body)
    if len(rev.ret_blocks) == 1:
        b.branch(rev.pop_block[rev.ret_blocks[0]])
    else:
        sw = b.switch(b.load(rev.retidx_slot, typ=I32), rev.pop_block[rev.ret_blocks[0]])
        for i, blk in enumerate(rev.ret_blocks):
            sw.add_case(ir.Constant(I32, i), rev.pop_block[blk])
    for block in rev.reachable:
        emit_block(rev, block)
    rev.cache.emit_tape(rev.tape)
    preallocate(rev)
    for block in rev.reachable:
        ir.IRBuilder(rev.pop_block[block]).branch(rev.rev_block[block])
    epilogue.finish(rev)


def emit_block(rev, block) -> None:
    rev.cache.enter(block)
    b = ir.IRBuilder(rev.rev_block[block])
    term = block.terminator
    if term.opcode == "ret" and rev.return_seeds:  # the returned value's adjoint is the caller's seed
        for lane, seed in enumerate(rev.return_seeds):
            rev.adjoints.add(b, term.operands[0], seed, lane)
    for inst in reversed(block.instructions):
        if not inst.is_terminator:
            for lane in range(rev.width):
                visit(rev, b, inst, lane)
    leave(rev, b, block)


def leave(rev, b, block) -> None:
    """Branch to the reverse of the predecessor this block was entered from."""
    preds = rev.preds[block]
    if block is rev.func.entry or not preds:
        b.branch(rev.final)
        return
    iv_updates = loop_exit_updates(rev, b, block)
    if len(preds) == 1:
        b.branch(edge(rev, block, preds[0], iv_updates))
    elif rev.counted_header(block):
        ind = rev.loops.by_loop[rev.loops.loop_of(block)][0]
        cur = rev.cache.get(b, ("p", ind.phi))
        first = b.icmp_signed("==", cur, rev.cache.get(b, ("p", ind.start)))
        back = {ind.phi: b.sub(cur, ir.Constant(ind.phi.type, ind.step))}
        b.cbranch(
            first, edge(rev, block, ind.preheader, iv_updates), edge(rev, block, ind.latch, {**iv_updates, **back})
        )
    else:
        idx = rev.cache.get(b, ("pred", block))
        targets = [edge(rev, block, p, iv_updates) for p in preds]
        sw = b.switch(idx, targets[0])
        for i, t in enumerate(targets):
            sw.add_case(ir.Constant(I32, i), t)


def loop_exit_updates(rev, b, block) -> dict:
    """Going back into a loop we left: start its induction variables at their last values."""
    updates = {}
    inside = set(rev.loops.loops_containing(block))
    for p in rev.preds[block]:
        for lp in rev.loops.loops_containing(p):
            if lp in inside or not rev.loops.by_loop[lp]:
                continue
            ind = rev.loops.by_loop[lp][0]
            if ind.phi not in updates:
                updates[ind.phi] = rev.cache.get(b, ("lastiv", ind.phi))
    return updates


def edge(rev, block, pred, iv_updates: dict) -> ir.Block:
    """The reverse of the edge pred -> block: set counters, move phi adjoints to pred's incoming values."""
    e = rev.fn.append_basic_block(f"rev.{block.name}.to.{pred.name}")
    b = ir.IRBuilder(e)
    for phi, val in iv_updates.items():
        if pred in rev.loops.inductions[phi].loop.blocks:
            b.store(val, rev.iv_slot[phi])
    for lane in range(rev.width):
        moved = [(phi, rev.adjoints.take(b, phi, lane)) for phi in block.phis if rev.adjoints.has(phi)]
        for phi, d in moved:
            rev.adjoints.add(b, phi.operands[phi.attrs["incoming"].index(pred)], d, lane)
    b.branch(rev.pop_block[pred])
    return e
