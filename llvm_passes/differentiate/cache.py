"""Cache versus recompute: how the reverse sweep gets a forward value.

Input: a request, in reverse block B, for a forward value: a primal value
('p', v), a shadow pointer ('s', v), the predecessor B was entered from
('pred', B) or an induction variable's last value at a loop exit ('lastiv', phi).
Output: an IR value valid in B's reverse block, by the cheapest plan:

- direct:    arguments, constants, globals;
- iv:        a canonical induction variable inside its loop, rebuilt from a
             counter the reverse sweep steps down (no tape);
- recompute: pure integer/pointer/float arithmetic and loads from memory the
             function never writes, when their operands need no tape;
- slot:      a value defined outside every loop, stored once to a stack slot;
- tape:      anything else, pushed at the end of B's forward execution and
             popped when B's reverse starts (LIFO matches block executions).
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..analysis.cfg import dominates
from ..callees import callee
from ..ir.emitter import opaque_alloca
from ..ir.model import Argument, Constant, GlobalRef, Instruction

PURE = frozenset(
    {
        "add",
        "sub",
        "mul",
        "shl",
        "lshr",
        "ashr",
        "and",
        "or",
        "xor",
        "sdiv",
        "udiv",
        "srem",
        "urem",
        "icmp",
        "fcmp",
        "select",
        "getelementptr",
        "bitcast",
        "ptrtoint",
        "inttoptr",
        "trunc",
        "zext",
        "sext",
        "sitofp",
        "uitofp",
        "fptosi",
        "fptoui",
        "fpext",
        "fptrunc",
        "fadd",
        "fsub",
        "fmul",
        "fneg",
        "freeze",
        "extractvalue",
    }
)
_RECOMPUTE_DEPTH = 12


class ValueCache:
    """`sweep`: the forward sweep (its values and shadows); `loops`, `idom`, `memory`: the analyses;
    `cross`: makes memory that crosses the sweeps; `setup`: the entry block's builder (stack slots);
    `counters`: per loop counter, its reverse-sweep slot and its last value (`iv_slot`,
    `lastiv_slot`); `pop_block`: where each block's reverse starts (and pops the tape)."""

    def __init__(self, sweep, loops, idom, memory, emitter, cross, setup, iv_slot, lastiv_slot, pop_block):
        self.sweep = sweep
        self.loops = loops
        self.idom = idom
        self.memory = memory
        self.emitter = emitter
        self.cross = cross
        self.setup = setup
        self.iv_slot = iv_slot
        self.lastiv_slot = lastiv_slot
        self.pop_block = pop_block
        self.slots: dict = {}
        self.reload: dict = {}  # (block, key) -> alloca
        self.needs: dict = {}  # block -> [keys pushed at its end, in order]
        self.memo: dict = {}  # per reverse block: key -> value
        self.block = None
        self._plans: dict = {}
        self._moving: set | None = None  # pointers into memory a reallocation moves (see _moves)

    def enter(self, block) -> None:
        self.block = block
        self.memo = {}

    # -- planning ----------------------------------------------------------------------
    def plan(self, key, depth: int = 0) -> str:
        loop = self.loops.loop_of(self.block)
        pk = (key, loop)
        p = self._plans.get(pk)
        if p is None:
            p = self._plan(key, depth)
            if depth == 0 or p != "recompute":
                self._plans[pk] = p
        return p

    def _plan(self, key, depth: int) -> str:
        kind, v = key[0], key[1]
        if kind == "lastiv":
            return "lastiv"
        if kind == "pred":
            return "tape" if self.loops.in_loop(v) else "slot"
        if isinstance(v, (Constant, GlobalRef)):
            return "direct"
        if isinstance(v, Argument):
            return "direct"
        if kind == "p" and v in self.loops.inductions and self.block in self.loops.inductions[v].loop.blocks:
            return "iv"
        if kind == "s" and self._moves(v):
            return self._recompute_moved(key)
        if depth < _RECOMPUTE_DEPTH and self._recomputable(key, depth):
            return "recompute"
        if not self.loops.in_loop(v.block):
            return "slot"
        return "hoist" if self._anchor(v) is not None else "tape"

    def _anchor(self, v):
        """The outermost loop around the current block that `v` is invariant in, if its exits can save `v`.

        Its value is then pushed once per run of that loop (at the end of each
        exit block), not once per iteration of the block that uses it. That push
        sees the value of the run only if `v` is not computed again on the way:
        an exit edge leads straight into the exit block, so `v` must be defined
        before every exit block, not in one (an inner loop that exits into the
        header of the loop around it would otherwise save the next run's value).
        """
        idom = self.idom
        for lp in reversed(self.loops.loops_containing(self.block)):
            if v.block in lp.blocks:
                continue
            exits = lp.exits()
            if exits and all(e is not v.block and dominates(idom, v.block, e) for e in exits):
                return lp
        return None

    def _moves(self, v) -> bool:
        """Does `v` point into memory that a reallocation may move later (the data behind a handle)?"""
        if not self.memory.moved:
            return False
        if self._moving is None:
            self._moving = self._moving_pointers()
        return v in self._moving

    def _moving_pointers(self) -> set:
        """The pointers into moving memory: data pointers of moved handles, and what is derived from them
        (offsets, casts, and phis or selects that merge one in), as a fixed point over the function."""
        from ..analysis.memory import roots

        insts = list(self.sweep.func.instructions())
        out = {
            v
            for v in insts
            if v.opcode == "call"
            and getattr(callee(v.callee), "passthrough", False)
            and any(r in self.memory.moved for r in roots(v.operands[0]) or ())
        }
        changed = True
        while changed:
            changed = False
            for v in insts:
                if v in out:
                    continue
                if v.opcode in ("getelementptr", "bitcast", "addrspacecast"):
                    hit = v.operands[0] in out
                elif v.opcode in ("phi", "select"):
                    hit = any(o in out for o in (v.operands[1:] if v.opcode == "select" else v.operands))
                else:
                    hit = False
                if hit:
                    out.add(v)
                    changed = True
        return out

    def _recompute_moved(self, key) -> str:
        """A shadow pointer into memory that may move: computed again in the reverse sweep from the handle,
        so that it points where the memory is at the end (where the adjoints went with the values). Its
        offsets come from wherever they can (the tape included)."""
        v, lane = key[1], key[2]
        if v.opcode in ("getelementptr", "bitcast", "addrspacecast"):
            deps = [("s", v.operands[0], lane)] + [("p", o) for o in v.operands[1:]]
        elif v.opcode == "call" and getattr(callee(v.callee), "passthrough", False):
            deps = [("s", v.operands[0], lane)]
        else:
            raise self.sweep.error(
                v,
                "reverse mode cannot follow a pointer into memory that a reallocation moves (a list that "
                f"grows) through `{v.opcode}`; index the list instead of keeping a pointer into it",
            )
        for d in deps:
            self.plan(d, 1)
        return "recompute"

    def _recomputable(self, key, depth: int) -> bool:
        kind, v = key[0], key[1]
        if not isinstance(v, Instruction):
            return False
        if kind == "s":
            lane = key[2]
            if v.opcode in ("getelementptr", "bitcast", "addrspacecast"):
                deps = [("s", v.operands[0], lane)] + [("p", o) for o in v.operands[1:]]
            elif v.opcode == "call" and getattr(callee(v.callee), "passthrough", False):
                deps = [("s", v.operands[0], lane)]
            else:
                return False
        elif v.opcode in PURE:
            deps = [("p", o) for o in v.operands]
        elif v.opcode == "load" and self.memory.load_is_invariant(v):
            deps = [("p", v.operands[0])]
        else:
            return False
        return all(self.plan(d, depth + 1) in ("direct", "iv", "recompute", "slot", "hoist") for d in deps)

    # -- materialising in the reverse sweep -------------------------------------------------
    def get(self, b: ir.IRBuilder, key) -> ir.Value:
        val = self.memo.get(key)
        if val is not None:
            return val
        plan = self.plan(key)
        kind, v = key[0], key[1]
        if plan == "direct":
            val = self.sweep.shadow[v][key[2]] if kind == "s" else self.sweep.get(v)
        elif plan == "iv":
            val = self._induction(b, v)
        elif plan == "recompute":
            val = self._recompute(b, key)
        elif plan == "slot":
            val = b.load(self._slot(key), typ=self._type(key))
        elif plan == "lastiv":
            val = self._lastiv(b, v)
        elif plan == "hoist":
            val = b.load(self._hoisted(self._anchor(v), key), typ=self._type(key))
        else:
            val = b.load(self._reload(key), typ=self._type(key))
        self.memo[key] = val
        return val

    def _induction(self, b, phi) -> ir.Value:
        """The loop counter's value in the reverse iteration; another induction variable of the same
        loop is start + (counter - counter_start) / counter_step * step."""
        ind = self.loops.inductions[phi]
        main = self.loops.by_loop[ind.loop][0]
        cur = b.load(self.iv_slot[main.phi], typ=main.phi.type)
        if main is ind:
            return cur
        ty = phi.type
        k = b.sub(cur, self.get(b, ("p", main.start)))
        if main.step != 1:
            k = b.sdiv(k, ir.Constant(ty, _signed(main.step, ty.width)))
        step = _signed(ind.step, ty.width)
        scaled = k if step == 1 else b.mul(k, ir.Constant(ty, step))
        return b.add(self.get(b, ("p", ind.start)), scaled)

    def _type(self, key) -> ir.Type:
        kind, v = key[0], key[1]
        if kind == "pred":
            return ir.IntType(32)
        return v.type

    def _recompute(self, b, key) -> ir.Value:
        kind, v = key[0], key[1]
        if kind == "s":
            lane = key[2]
            if v.opcode == "call":
                fn = self.emitter.function_ref(v.attrs["callee_ref"])
                return b.call(fn, [self.get(b, ("s", v.operands[0], lane))])
            ops = [self.get(b, ("s", v.operands[0], lane))] + [self.get(b, ("p", o)) for o in v.operands[1:]]
        else:
            ops = [self.get(b, ("p", o)) for o in v.operands]
        return self.emitter.clone(b, v, ops, name=f"{v.name}.re")

    def _lastiv(self, b, phi) -> ir.Value:
        """The induction variable's value in the last iteration before the loop was left."""
        slot = self.lastiv_slot[phi]
        if not self.loops.in_loop(self.block):
            return b.load(slot, typ=phi.type)
        return b.load(self._reload(("lastiv", phi)), typ=phi.type)

    def _slot(self, key) -> ir.Value:
        slot = self.slots.get(key)
        if slot is not None:
            return slot
        slot = self.slots[key] = self.cross.slot(self._type(key), "cache")
        kind = key[0]
        fwd = self.forward_value(key)
        fb = ir.IRBuilder(fwd.parent if isinstance(fwd, ir.Instruction) else None)
        if isinstance(fwd, ir.PhiInstr) or kind == "pred":
            block = fwd.parent
            first = next(i for i in block.instructions if not isinstance(i, ir.PhiInstr))
            fb.position_before(first)
        else:
            fb.position_after(fwd)
        fb.store(fwd, slot)
        return slot

    def _reload(self, key) -> ir.Value:
        rk = (self.block, key)
        slot = self.reload.get(rk)
        if slot is None:
            slot = self.reload[rk] = opaque_alloca(self.setup, self._type(key), name="reload")
            self.needs.setdefault(self.block, []).append((key, slot))
        return slot

    def _hoisted(self, lp, key) -> ir.Value:
        """A slot filled when the reverse sweep re-enters `lp` from one of its exits."""
        rk = (lp, key)
        slot = self.reload.get(rk)
        if slot is None:
            slot = self.reload[rk] = opaque_alloca(self.setup, self._type(key), name="hoisted")
            for e in lp.exits():
                self.needs.setdefault(e, []).append((key, slot))
        return slot

    def forward_value(self, key) -> ir.Value:
        kind, v = key[0], key[1]
        if kind == "p":
            return self.sweep.get(v)
        if kind == "s":
            return self.sweep.shadow[v][key[2]]
        if kind == "pred":
            return self.sweep.pred_index[v]
        raise KeyError(key)

    # -- pushes and pops, once every reverse block is emitted ----------------------------------
    def emit_tape(self, tape) -> None:
        for block, entries in self.needs.items():
            fwd_block = self.sweep.incoming_block(block)  # where its code ends (a call may have split it)
            fb = ir.IRBuilder(fwd_block)
            fb.position_before(fwd_block.terminator)
            values = []
            for k, _ in entries:
                if k[0] == "lastiv":
                    values.append(fb.load(self.lastiv_slot[k[1]], typ=k[1].type))
                else:
                    values.append(self.forward_value(k))
            tape.push(fb, values)
            pb = ir.IRBuilder(self.pop_block[block])
            popped = tape.pop(pb, [self._type(k) for k, _ in entries])
            for (_, slot), val in zip(entries, popped):
                pb.store(val, slot)


def _signed(value: int, width: int) -> int:
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


_WHY = {
    "direct": "an argument, constant or global",
    "iv": "rebuilt from the loop's reverse counter",
    "recompute": "recomputed from values that need no tape",
    "slot": "computed outside every loop: stored once",
    "hoist": "invariant in an enclosing loop: saved once per run of it",
    "tape": "pushed on the tape each time its block runs",
    "lastiv": "the loop counter's last value, saved at the loop exit",
}


def print_cache_plan(cache: ValueCache) -> str:
    """One line per forward value the reverse sweep asked for: `%v in <loop>: plan (why)`.

    Shadows are `shadow(%v)`, predecessor indices `pred(block)`; the loop is the
    innermost one around the reverse block that asked (`-` outside loops).
    """
    lines = []
    for (key, loop), plan in cache._plans.items():
        kind, v = key[0], key[1]
        name = f"%{v.name}" if hasattr(v, "ref") and not isinstance(v, Constant) else getattr(v, "text", v.name)
        label = {"p": name, "s": f"shadow({name})", "pred": f"pred({v.name})", "lastiv": f"last({name})"}[kind]
        where = loop.header.name if loop is not None else "-"
        lines.append(f"{label} in {where}: {plan} ({_WHY[plan]})")
    return "\n".join(sorted(set(lines)))
