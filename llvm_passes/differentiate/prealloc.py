"""Preallocate the tape before loops whose trip count is known on entry.

Input: the reverse pass after its tape pushes are placed. Output: in the
preheader of each counted loop, one `reserve(top + trips * bytes_per_iteration)`
so the loop's pushes never grow the tape. Loops whose trip count cannot be
computed before they start keep the geometric growth of every push. The
estimate is a capacity hint only: a wrong one costs memory or a realloc,
never a wrong result.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..ir.model import Constant, Instruction
from .tape import slot_size

I64 = ir.IntType(64)
_MAX_RESERVE = 1 << 30  # trips
_MAX_BYTES = 1 << 28  # a hint never reserves more than this at once

# continue-predicate -> required sign of the step for a finite count
_DOWN = {"sgt": -1, "sge": -1, "ugt": -1, "uge": -1, "ne": 0}
_UP = {"slt": 1, "sle": 1, "ult": 1, "ule": 1, "ne": 0}


def _continue_condition(ind, lp):
    """(pred, compared value is the incremented one, bound) of the latch's stay-in-loop test."""
    term = ind.latch.terminator
    if term.opcode != "br" or not term.operands:
        return None
    cond = term.operands[0]
    if not isinstance(cond, Instruction) or cond.opcode != "icmp":
        return None
    stay_true = term.attrs["targets"][0] is lp.header
    pred = cond.attrs["predicate"]
    if not stay_true:
        pred = {
            "slt": "sge",
            "sge": "slt",
            "sgt": "sle",
            "sle": "sgt",
            "ult": "uge",
            "uge": "ult",
            "ugt": "ule",
            "ule": "ugt",
            "eq": "ne",
            "ne": "eq",
        }[pred]
    a, bound = cond.operands
    nxt = ind.phi.operands[ind.phi.attrs["incoming"].index(ind.latch)]
    if a is not ind.phi and a is not nxt:
        return None
    if isinstance(bound, Instruction) and bound.block in lp.blocks:
        return None
    return pred, a is nxt, bound


def _trip_count(b, ind, info, get):
    pred, incremented, bound = info
    step = ind.step if ind.step < (1 << 63) else ind.step - (1 << 64)
    if (pred in _DOWN and step < 0) or (pred in _UP and step > 0):
        s = get(ind.start)
        if incremented:
            s = b.add(s, ir.Constant(I64, step))
        span = b.sub(s, get(bound)) if step < 0 else b.sub(get(bound), s)
        trips = b.sdiv(span, ir.Constant(I64, abs(step)))
        trips = b.add(trips, ir.Constant(I64, 1))
        lo = b.select(b.icmp_signed("<", trips, ir.Constant(I64, 1)), ir.Constant(I64, 1), trips)
        return b.select(b.icmp_signed(">", lo, ir.Constant(I64, _MAX_RESERVE)), ir.Constant(I64, _MAX_RESERVE), lo)
    return None


def preallocate(rev) -> None:
    per_loop: dict = {}
    for block, entries in rev.cache.needs.items():
        lp = rev.loops.loop_of(block)
        if lp is not None:
            size = sum(slot_size(rev.cache._type(k), rev.tape.dl) for k, _ in entries)
            per_loop[lp] = per_loop.get(lp, 0) + size
    for lp, per_iter in per_loop.items():
        inds = [
            i for i in rev.loops.by_loop.get(lp, []) if isinstance(i.phi.type, ir.IntType) and i.phi.type.width == 64
        ]
        for ind in inds:
            info = _continue_condition(ind, lp)
            if info is None or (isinstance(info[2], Constant) and info[2].value is None):
                continue
            pre = rev.sweep.incoming_block(ind.preheader)
            b = ir.IRBuilder(pre)
            b.position_before(pre.terminator)
            trips = _trip_count(b, ind, info, rev.sweep.get)
            if trips is None:
                continue
            extra = b.mul(trips, ir.Constant(I64, per_iter))
            cap = ir.Constant(I64, _MAX_BYTES)
            extra = b.select(b.icmp_unsigned(">", extra, cap), cap, extra)
            need = b.add(b.load(rev.tape.top, typ=I64), extra)
            b.call(rev.tape._reserve(), [rev.tape.base, rev.tape.cap, need])
            break
