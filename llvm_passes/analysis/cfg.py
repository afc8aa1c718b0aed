"""Control-flow graph facts: orders, dominators, natural loops.

Input: a model function. Output: reverse post-order, immediate dominators
(Cooper, Harvey and Kennedy's iterative algorithm), and natural loops found
from back edges (header, latches, body blocks, exits, nesting depth), with
printers that tests and `pyenzyme inspect` use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir.model import Block, Function


def reverse_postorder(func: Function) -> list[Block]:
    """Blocks reachable from the entry, each after all of its dominators."""
    seen: set[Block] = set()
    post: list[Block] = []
    stack = [(func.entry, iter(func.entry.successors))]
    seen.add(func.entry)
    while stack:
        block, it = stack[-1]
        for succ in it:
            if succ not in seen:
                seen.add(succ)
                stack.append((succ, iter(succ.successors)))
                break
        else:
            stack.pop()
            post.append(block)
    return post[::-1]


def emission_order(func: Function) -> list[Block]:
    """Reverse post-order followed by unreachable blocks (so every block is emitted once)."""
    rpo = reverse_postorder(func)
    seen = set(rpo)
    return rpo + [b for b in func.blocks if b not in seen]


def immediate_dominators(func: Function) -> dict[Block, Block | None]:
    rpo = reverse_postorder(func)
    index = {b: i for i, b in enumerate(rpo)}
    preds = func.predecessors()
    idom: dict[Block, Block | None] = {rpo[0]: rpo[0]}

    def intersect(a: Block, b: Block) -> Block:
        while a is not b:
            while index[a] > index[b]:
                a = idom[a]  # type: ignore[assignment]
            while index[b] > index[a]:
                b = idom[b]  # type: ignore[assignment]
        return a

    changed = True
    while changed:
        changed = False
        for b in rpo[1:]:
            done = [p for p in preds[b] if p in idom and p in index]
            if not done:
                continue
            new = done[0]
            for p in done[1:]:
                new = intersect(p, new)
            if idom.get(b) is not new:
                idom[b] = new
                changed = True
    out: dict[Block, Block | None] = {b: idom.get(b) for b in rpo}
    out[rpo[0]] = None
    return out


def dominates(idom: dict[Block, Block | None], a: Block, b: Block) -> bool:
    """Does block a dominate block b?"""
    node: Block | None = b
    while node is not None:
        if node is a:
            return True
        node = idom.get(node)
    return False


@dataclass(eq=False)
class Loop:
    header: Block
    latches: list[Block] = field(default_factory=list)
    blocks: set[Block] = field(default_factory=set)
    parent: Loop | None = None

    @property
    def depth(self) -> int:
        return 1 + (self.parent.depth if self.parent else 0)

    def exits(self) -> list[Block]:
        """Blocks outside the loop reached from inside it."""
        out: list[Block] = []
        for b in self.blocks:
            for s in b.successors:
                if s not in self.blocks and s not in out:
                    out.append(s)
        return out

    @property
    def preheader_candidates(self) -> list[Block]:
        return [p for p in self.header.function.predecessors()[self.header] if p not in self.blocks]  # type: ignore[union-attr]


def find_loops(func: Function) -> list[Loop]:
    """Natural loops (back edge t -> h with h dominating t), merged per header, nested."""
    idom = immediate_dominators(func)
    preds = func.predecessors()
    by_header: dict[Block, Loop] = {}
    for block in idom:
        for succ in block.successors:
            if succ in idom and dominates(idom, succ, block):
                loop = by_header.setdefault(succ, Loop(succ))
                loop.latches.append(block)
    for loop in by_header.values():
        body = {loop.header}
        work = [lt for lt in loop.latches]
        while work:
            b = work.pop()
            if b in body:
                continue
            body.add(b)
            work.extend(p for p in preds[b] if p in idom)
        loop.blocks = body
    loops = sorted(by_header.values(), key=lambda lp: len(lp.blocks))
    for i, inner in enumerate(loops):
        for outer in loops[i + 1 :]:
            if inner.header in outer.blocks and outer is not inner:
                inner.parent = outer
                break
    order = {b: i for i, b in enumerate(func.blocks)}
    return sorted(loops, key=lambda lp: order[lp.header])


def print_dominators(func: Function) -> str:
    idom = immediate_dominators(func)
    return "\n".join(f"{b.name}: {d.name if (d := idom[b]) is not None else '-'}" for b in reverse_postorder(func))


def print_loops(func: Function) -> str:
    lines = []
    order = {b: i for i, b in enumerate(func.blocks)}
    for lp in find_loops(func):
        body = ", ".join(b.name for b in sorted(lp.blocks, key=order.__getitem__))
        exits = ", ".join(b.name for b in sorted(lp.exits(), key=order.__getitem__))
        lines.append(
            f"loop {lp.header.name} depth={lp.depth} latches=[{', '.join(b.name for b in lp.latches)}] "
            f"blocks=[{body}] exits=[{exits}]"
        )
    return "\n".join(lines)
