"""Canonical induction variables: phis that the reverse sweep can rebuild without a tape.

Input: a model function and its natural loops. Output: for each loop with one
latch and one outside predecessor, the header phis of the form
`phi [start, preheader], [phi + step, latch]` with a constant integer step;
and, for every block, its innermost loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir

from ..ir.model import Block, Constant, Function, Instruction, Value
from .cfg import Loop, find_loops


@dataclass(eq=False)
class Induction:
    phi: Instruction
    loop: Loop
    start: Value
    step: int
    preheader: Block
    latch: Block


@dataclass
class LoopInfo:
    loops: list[Loop]
    innermost: dict[Block, Loop]
    inductions: dict[Instruction, Induction]
    by_loop: dict[Loop, list[Induction]]

    def loop_of(self, block: Block) -> Loop | None:
        return self.innermost.get(block)

    def in_loop(self, block: Block) -> bool:
        return block in self.innermost

    def loops_containing(self, block: Block) -> list[Loop]:
        out = []
        lp = self.innermost.get(block)
        while lp is not None:
            out.append(lp)
            lp = lp.parent
        return out


def _step_of(phi: Instruction, nxt: Value) -> int | None:
    if not isinstance(nxt, Instruction) or nxt.opcode not in ("add", "sub"):
        return None
    a, b = nxt.operands
    if nxt.opcode == "add" and b is phi and isinstance(a, Constant) and a.value is not None:
        return int(a.value)
    if a is phi and isinstance(b, Constant) and b.value is not None:
        return int(b.value) if nxt.opcode == "add" else -int(b.value)
    return None


def analyze_loops(func: Function) -> LoopInfo:
    loops = find_loops(func)
    innermost: dict[Block, Loop] = {}
    for lp in sorted(loops, key=lambda lp: -len(lp.blocks)):
        for b in lp.blocks:
            innermost[b] = lp  # smaller (inner) loops overwrite outer ones
    preds = func.predecessors()
    inductions: dict[Instruction, Induction] = {}
    by_loop: dict[Loop, list[Induction]] = {lp: [] for lp in loops}
    for lp in loops:
        outside = [p for p in preds[lp.header] if p not in lp.blocks]
        if len(lp.latches) != 1 or len(outside) != 1:
            continue
        latch, pre = lp.latches[0], outside[0]
        for phi in lp.header.phis:
            if not isinstance(phi.type, ir.IntType) or len(phi.operands) != 2:
                continue
            inc = dict(zip(phi.attrs["incoming"], phi.operands))
            if set(inc) != {latch, pre}:
                continue
            step = _step_of(phi, inc[latch])
            start = inc[pre]
            if step is None or step == 0:
                continue
            if isinstance(start, Instruction) and start.block in lp.blocks:
                continue
            ind = Induction(phi, lp, start, step, pre, latch)
            inductions[phi] = ind
            by_loop[lp].append(ind)
        # phi [c, preheader], [psi, latch] with psi an induction variable and c == psi.start - psi.step
        # (GVN's "phi of ops") is the same counter one step behind
        for phi in lp.header.phis:
            if phi in inductions or len(phi.operands) != 2:
                continue
            inc = dict(zip(phi.attrs["incoming"], phi.operands))
            if set(inc) != {latch, pre}:
                continue
            psi = inductions.get(inc[latch])
            start = inc[pre]
            if (
                psi is None
                or psi.loop is not lp
                or not isinstance(start, Constant)
                or start.value is None
                or not isinstance(psi.start, Constant)
                or psi.start.value is None
            ):
                continue
            width = phi.type.width
            if (int(start.value) - int(psi.start.value) + psi.step) % (1 << width) != 0:
                continue
            ind = Induction(phi, lp, start, psi.step, pre, latch)
            inductions[phi] = ind
            by_loop[lp].append(ind)
    return LoopInfo(loops, innermost, inductions, by_loop)
